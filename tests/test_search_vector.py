"""The database keeps the search document (PostgreSQL triggers, migration 0012).

PostgreSQL only: SQLite has no search document and searches with its
fallback (tests/test_search.py covers both). These run in the PostgreSQL
CI run.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Dateline

from .factories import ArticleFactory, AuthorFactory, DatelineFactory
from .html import page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the search document is PostgreSQL's"
    ),
]


def found(client, query: str) -> list[str]:
    soup = page(client.get("/search/", {"q": query}))
    return [a.get_text() for a in soup.select(".result .summary__headline a")]


def lexemes(article: Article) -> dict[str, str]:
    """The stored document as {lexeme: its weights}, read back from the row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, array_to_string(weights, '') FROM articles_article, "
            "unnest(search_vector) WHERE id = %s",
            [article.pk],
        )
        return dict(cursor.fetchall())


def bulk_stories(count: int, **fields) -> list[Article]:
    now = timezone.now()
    return Article.objects.bulk_create(
        Article(
            headline=f"Bulk story {i}",
            slug=f"bulk-story-{i}",
            standfirst=fields.get("standfirst", ""),
            body=fields.get("body", "<p>Nothing much.</p>"),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i + 1),
            publication_date=timezone.localdate(now - timedelta(minutes=i + 1)),
            dateline=fields.get("dateline"),
        )
        for i in range(count)
    )


def test_bulk_inserted_stories_are_searchable_at_once(client):
    bulk_stories(3, body="<p>The <em>walrus</em> colony grew.</p>")
    assert sorted(found(client, "walrus")) == ["Bulk story 0", "Bulk story 1", "Bulk story 2"]
    assert found(client, '"story 2"') == ["Bulk story 2"]


def test_bylines_added_in_bulk_their_authors_and_dateline_are_searchable(client):
    place = DatelineFactory(name="Tromsø")
    stories = bulk_stories(2, dateline=place)
    kari = Author.objects.create(name="Kari Nordmann", slug="kari")
    ArticleAuthor.objects.bulk_create([ArticleAuthor(article=stories[0], author=kari)])
    assert found(client, "nordmann") == ["Bulk story 0"]
    assert sorted(found(client, "tromsø")) == ["Bulk story 0", "Bulk story 1"]


def test_the_weights_headline_credits_body_and_no_markup():
    story = ArticleFactory(
        headline="Glacier",
        standfirst="A fjord",
        byline="Polar desk",
        body='<p><a href="https://zebra.example/">Moraine</a> &amp; ice.</p>',
        dateline=DatelineFactory(name="Svalbard"),
        authors=[AuthorFactory(name="Ola Hansen")],
    )
    weights = lexemes(story)
    assert weights["glacier"] == "A"
    assert {weights[word] for word in ("fjord", "polar", "svalbard", "hansen")} == {"B"}
    assert weights["morain"] == "C"
    assert not any("zebra" in lexeme or lexeme == "amp" for lexeme in weights)


def test_renaming_an_author_or_dateline_or_dropping_a_byline_renews_the_document(client):
    author = AuthorFactory(name="Ann Old")
    place = DatelineFactory(name="Oldtown")
    story = ArticleFactory(headline="Ferry news", authors=[author], dateline=place)
    author.name = "Ann Newname"
    author.save()
    Dateline.objects.filter(pk=place.pk).update(name="Newtown")
    assert found(client, "newname") == ["Ferry news"]
    assert found(client, "newtown") == ["Ferry news"]
    assert found(client, "old") == []
    before = lexemes(story)

    ArticleAuthor.objects.filter(article=story).delete()
    after = lexemes(story)
    assert not any(lexeme.startswith("newnam") for lexeme in after)
    # Only the credits were replaced: the headline's positions are untouched.
    assert after["ferri"] == before["ferri"] == "A"
    assert found(client, "ferry") == ["Ferry news"]


def test_an_edit_through_save_is_searchable_and_the_old_words_are_gone(client):
    story = ArticleFactory(headline="Before", body="<p>Lighthouse keeper.</p>")
    story.body = "<p>Harbour master.</p>"
    story.save()
    assert found(client, "harbour") == ["Before"]
    assert found(client, "lighthouse") == []
