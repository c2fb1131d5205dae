"""What search engines and social sites read from article pages and the front page."""

import json
from datetime import UTC, datetime

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from reader.page_cache.tokens import forget_pages

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory
from .html import page
from .test_query_budget import ARTICLE_PAGE_MAX_QUERIES

pytestmark = pytest.mark.django_db


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


def meta(soup) -> list[tuple[str, str]]:
    return [
        (tag.get("property") or tag.get("name"), tag["content"])
        for tag in soup.select("head meta[content]")
    ]


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Ferry service resumes",
        slug="ferry-service-resumes",
        standfirst="Boats sail again after the storm.",
        published_at=datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC),
        dateline=DatelineFactory(name="Bergen", country="Norway"),
        authors=[
            AuthorFactory(name="Ana Diaz", slug="ana-diaz"),
            AuthorFactory(name="Sam Lee", slug="sam-lee"),
        ],
        tags=[TagFactory(name="Transport"), TagFactory(name="Weather")],
    )


URL = "http://testserver/2024/03/04/ferry-service-resumes/"
PUBLISHER = {
    "@type": "Organization",
    "name": "The Newsroom Chronicle",
    "url": "http://testserver/",
    "logo": {
        "@type": "ImageObject",
        "url": "http://testserver/static/img/newsroom-logo.png",
        "width": 600,
        "height": 60,
    },
}


class TestArticlePage:
    def test_canonical_link(self, client, story):
        soup = page(client.get(story.get_absolute_url()))
        assert [link["href"] for link in soup.select('head link[rel="canonical"]')] == [URL]

    def test_news_article_json_ld(self, client, story):
        [data] = json_ld(page(client.get(story.get_absolute_url())))

        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == "Ferry service resumes"
        assert data["description"] == "Boats sail again after the storm."
        assert data["datePublished"] == "2024-03-04T05:06:07Z"
        assert data["dateModified"] >= data["datePublished"]
        assert data["author"] == [
            {"@type": "Person", "name": "Ana Diaz", "url": "http://testserver/authors/ana-diaz/"},
            {"@type": "Person", "name": "Sam Lee", "url": "http://testserver/authors/sam-lee/"},
        ]
        assert data["dateline"] == "Bergen, Norway"
        assert data["publisher"] == PUBLISHER
        assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": URL}
        assert "image" not in data  # this story has no lead image

    def test_a_free_text_byline_is_credited_to_the_publication(self, client):
        article = ArticleFactory(byline="By our correspondents", authors=[AuthorFactory()])
        [data] = json_ld(page(client.get(article.get_absolute_url())))
        assert data["author"] == [PUBLISHER]

    def test_the_publisher_logo_is_a_static_png_of_the_declared_size(self):
        path = finders.find("img/newsroom-logo.png")
        assert path is not None
        with Image.open(path) as logo:
            assert (logo.format, logo.size) == ("PNG", (600, 60))

    def test_open_graph_twitter_and_description(self, client, story):
        tags = meta(page(client.get(story.get_absolute_url())))

        assert ("description", "Boats sail again after the storm.") in tags
        for expected in [
            ("og:type", "article"),
            ("og:title", "Ferry service resumes"),
            ("og:description", "Boats sail again after the storm."),
            ("og:url", URL),
            ("article:published_time", "2024-03-04T05:06:07Z"),
            ("article:author", "http://testserver/authors/ana-diaz/"),
            ("article:author", "http://testserver/authors/sam-lee/"),
            ("article:tag", "Transport"),
            ("article:tag", "Weather"),
            ("twitter:card", "summary"),
            ("twitter:title", "Ferry service resumes"),
            ("twitter:description", "Boats sail again after the storm."),
        ]:
            assert expected in tags

    def test_a_headline_cannot_break_out_of_the_json_ld(self, client):
        hostile = 'Quotes "and" </script><script>alert(1)</script> & <!-- more'
        article = ArticleFactory(headline=hostile, standfirst="</SCRIPT>")
        response = client.get(article.get_absolute_url())
        soup = page(response)

        [data] = json_ld(soup)
        assert data["headline"] == hostile
        assert data["description"] == "</SCRIPT>"
        assert b"<script>alert(1)" not in response.content
        assert [s.get("type") for s in soup.find_all("script") if not s.get("src")] == [
            "application/ld+json"
        ]
        assert ("og:title", hostile) in meta(soup)

    def test_structured_data_adds_no_queries(self, client, story, django_assert_max_num_queries):
        forget_pages()
        with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES):
            client.get(story.get_absolute_url())


class TestFrontPage:
    def test_website_and_organization_json_ld(self, client):
        ArticleFactory()
        graph = json_ld(page(client.get("/")))

        website, organization = graph
        assert website["@type"] == "WebSite"
        assert website["name"] == "The Newsroom Chronicle"
        assert website["url"] == "http://testserver/"
        assert organization == {
            "@context": "https://schema.org",
            "@id": "http://testserver/#publisher",
            **PUBLISHER,
        }
        assert website["publisher"] == {"@id": organization["@id"]}


def test_a_story_in_another_language_says_so_to_browsers_and_engines(client):
    article = ArticleFactory(language="sv")
    soup = page(client.get(article.get_absolute_url()))

    assert soup.select_one("article.story")["lang"] == "sv"
    [data] = json_ld(soup)
    assert data["inLanguage"] == "sv"
    assert ("og:locale", "sv") in meta(soup)
