"""Search: ranking on PostgreSQL, a fallback on SQLite, and no input that breaks it."""

import pytest

from articles.models import Article

from .factories import ArticleFactory
from .html import page

pytestmark = pytest.mark.django_db


def result_headlines(client, query: str) -> list[str]:
    soup = page(client.get("/search/", {"q": query}))
    return [a.get_text() for a in soup.select(".result .summary__headline a")]


class TestFindsWords:
    def test_in_headline_standfirst_and_body_of_published_stories_only(self, client):
        ArticleFactory(headline="Harbour reopens after storm")
        ArticleFactory(headline="Second", standfirst="The harbour is busy again.")
        ArticleFactory(headline="Third", body="<p>Boats returned to the harbour today.</p>")
        ArticleFactory(headline="Unrelated", body="<p>Nothing to see.</p>")
        ArticleFactory(headline="Harbour draft", status=Article.Status.DRAFT)
        ArticleFactory(headline="Harbour withdrawn", status=Article.Status.WITHDRAWN)
        assert sorted(result_headlines(client, "harbour")) == [
            "Harbour reopens after storm",
            "Second",
            "Third",
        ]

    def test_saved_edits_are_searchable(self, client):
        story = ArticleFactory(headline="Before")
        story.headline = "Aardvark sighting"
        story.save()
        assert result_headlines(client, "aardvark") == ["Aardvark sighting"]

    def test_every_word_must_match(self, client):
        ArticleFactory(headline="Harbour storm")
        ArticleFactory(headline="Harbour calm")
        assert result_headlines(client, "harbour storm") == ["Harbour storm"]

    def test_the_query_is_shown_back_and_kept_in_the_box(self, client):
        soup = page(client.get("/search/", {"q": "harbour"}))
        assert soup.select_one("h1").get_text() == "Search results for harbour"
        assert soup.select_one("#search-q")["value"] == "harbour"
        assert soup.select_one("#masthead-q")["value"] == "harbour"

    def test_results_paginate_keeping_the_query(self, client):
        for i in range(25):
            ArticleFactory(headline=f"Harbour news {i}")
        soup = page(client.get("/search/", {"q": "harbour"}))
        assert soup.select_one("head link[rel=next]")["href"] == "?q=harbour&page=2"
        assert len(result_headlines(client, "harbour")) == 20
        assert client.get("/search/", {"q": "harbour", "page": 9}).status_code == 404


class TestRankingSyntaxAndSnippets:
    """Full-text search on PostgreSQL; the fallback keeps the same promises."""

    def test_a_word_in_the_headline_outranks_it_in_the_standfirst_then_the_body(self, client):
        ArticleFactory(headline="Budget day", body="<p>The glacier report was ignored.</p>")
        ArticleFactory(headline="Climate", standfirst="A glacier retreats.")
        ArticleFactory(headline="Glacier melts faster than thought")
        assert result_headlines(client, "glacier") == [
            "Glacier melts faster than thought",
            "Climate",
            "Budget day",
        ]

    def test_web_search_syntax(self, client):
        ArticleFactory(headline="Red kite returns", body="<p>The red kite nests again.</p>")
        ArticleFactory(headline="Kite festival", body="<p>A red balloon and a kite.</p>")
        ArticleFactory(headline="Owl census")
        assert result_headlines(client, '"red kite"') == ["Red kite returns"]
        assert result_headlines(client, "kite -festival") == ["Red kite returns"]
        assert sorted(result_headlines(client, "owl or festival")) == [
            "Kite festival",
            "Owl census",
        ]

    def test_stemming_and_highlighted_escaped_snippets(self, client):
        ArticleFactory(
            headline="Rail news",
            body="<p>Trains were <em>cancelled</em> &amp; commuters waited &lt;b&gt;.</p>",
        )
        soup = page(client.get("/search/", {"q": "train"}))
        snippet = soup.select_one(".result__snippet")
        assert snippet.select_one("mark").get_text() == "Trains"
        assert "cancelled & commuters" in " ".join(snippet.get_text().split())
        assert snippet.select_one("b") is None
        assert snippet.select_one("em") is None


GARBAGE = [
    "",
    "   ",
    "x" * 2000,
    "harbour " * 300,
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "<script>alert('q')</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00harbour\x00",
    "\u202eruobrah\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "\U0001f525\U0001f30a harbour \U0001f468\u200d\U0001f469\u200d\U0001f467",
    '"unclosed phrase',
    "- or -- !!! & | ( ) : * ~",
    "%",
    "_",
    "\\",
]


class TestGarbageInput:
    @pytest.mark.parametrize("query", GARBAGE)
    def test_gives_a_friendly_page(self, client, query):
        ArticleFactory(headline="Harbour reopens")
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        soup = page(response)
        assert len(soup.select("h1")) == 1
        assert soup.select_one("#search-q") is not None
        assert b"<script>alert" not in response.content
        assert b"<img src=x" not in response.content

    @pytest.mark.parametrize(
        "encoded",
        ["%ED%A0%80%20lone%20surrogates%20%ED%BF%BF", "%FF%FE%00", "%C0%AF", "harbour%F0%9F"],
        ids=["lone-surrogates", "bom-bytes-nul", "overlong", "truncated-emoji"],
    )
    def test_undecodable_bytes_in_the_address(self, client, encoded):
        # A browser percent-encodes what it was given; these are not UTF-8.
        response = client.get(f"/search/?q={encoded}")
        assert response.status_code == 200
        assert page(response).select_one("#search-q") is not None

    def test_html_is_shown_back_escaped(self, client):
        response = client.get("/search/", {"q": "<b>bold</b>"})
        assert "&lt;b&gt;bold&lt;/b&gt;" in response.content.decode()
        assert page(response).select_one("h1 q").get_text() == "<b>bold</b>"

    def test_a_long_query_is_shortened_and_says_so(self, client):
        soup = page(client.get("/search/", {"q": "harbour " * 300}))
        assert "first 200 characters" in soup.get_text()
        assert len(soup.select_one("#search-q")["value"]) <= 200

    def test_an_empty_query_invites_a_search(self, client):
        soup = page(client.get("/search/"))
        assert soup.select_one("h1").get_text() == "Search"
        assert "Type a word or two" in soup.get_text()


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("\x00harbour\x00", "harbour"),
        ("\u202eharbour\u202c", "harbour"),
        ("  harbour \t\n storm ", "harbour storm"),
        ("\U0001f30a harbour", "\U0001f30a harbour"),
        ("\u05e9\u05dc\u05d5\u05dd", "\u05e9\u05dc\u05d5\u05dd"),
        ("\ud800harbour\udfff", "harbour"),
        ("x" * 2000, "x" * 200),
    ],
    ids=["nul", "rtl-override", "whitespace", "emoji", "hebrew", "lone-surrogates", "long"],
)
def test_what_is_searched_for(typed, searched):
    from articles.search import clean_query

    assert clean_query(typed) == searched
