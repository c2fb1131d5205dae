"""Sitemaps, the Google News sitemap and robots.txt, as crawlers read them."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles.models import Article
from distribution import sitemaps

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output


def locations(root) -> list[str]:
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


class TestIndex:
    def test_names_every_section_with_its_lastmod(self, client):
        story = ArticleFactory(
            authors=[AuthorFactory()], tags=[TagFactory()], dateline=DatelineFactory()
        )
        root = xml(client, "/sitemap.xml")

        entries = {
            entry.find("sm:loc", NS).text: entry.find("sm:lastmod", NS)
            for entry in root.iterfind("sm:sitemap", NS)
        }
        assert set(entries) == {
            f"http://testserver/sitemap-{section}.xml"
            for section in ("articles", "authors", "tags", "datelines", "news")
        }
        assert entries["http://testserver/sitemap-articles.xml"].text == "2024-06-10T12:00:00Z"
        assert story.updated_at == NOW

    def test_articles_are_paginated_for_a_large_archive(self, client, monkeypatch):
        monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
        for hours in range(7):
            ArticleFactory(published_at=NOW - timedelta(hours=hours + 1))

        index = locations(xml(client, "/sitemap.xml"))
        pages = [url for url in index if "sitemap-articles.xml" in url]
        assert pages == [
            "http://testserver/sitemap-articles.xml",
            "http://testserver/sitemap-articles.xml?p=2",
            "http://testserver/sitemap-articles.xml?p=3",
        ]
        listed = [loc for page in pages for loc in locations(xml(client, page))]
        assert len(listed) == len(set(listed)) == 7

    def test_a_sections_pages_and_newest_change_count_published_stories_only(
        self, client, monkeypatch
    ):
        """The index reads a section's newest change and counts its entries
        without working out each section's own newest change."""
        monkeypatch.setattr(sitemaps.TagSitemap, "limit", 2)
        for days, tag in enumerate([TagFactory(), TagFactory(), TagFactory()], start=1):
            story = ArticleFactory(tags=[tag], published_at=NOW - timedelta(days=days))
            Article.objects.filter(pk=story.pk).update(updated_at=story.published_at)
        for _ in range(2):  # tags of drafts only: listed nowhere
            ArticleFactory(tags=[TagFactory()], status=Article.Status.DRAFT)
        ArticleFactory(published_at=NOW - timedelta(days=9))  # edited now, but has no tag

        root = xml(client, "/sitemap.xml")

        entries = {
            entry.find("sm:loc", NS).text: entry.findtext("sm:lastmod", None, NS)
            for entry in root.iterfind("sm:sitemap", NS)
        }
        tag_pages = {url: mod for url, mod in entries.items() if "sitemap-tags.xml" in url}
        # three tags with a published story: two pages of two
        assert tag_pages == {
            "http://testserver/sitemap-tags.xml": "2024-06-09T12:00:00Z",
            "http://testserver/sitemap-tags.xml?p=2": "2024-06-09T12:00:00Z",
        }
        assert entries["http://testserver/sitemap-articles.xml"] == "2024-06-10T12:00:00Z"

    def test_the_real_page_size_fits_100000_articles_in_20_pages(self):
        assert sitemaps.ArticleSitemap.limit * 20 >= 100_000
        assert sitemaps.ArticleSitemap.limit <= 50_000  # the protocol's ceiling


class TestArticleSitemap:
    def test_lists_published_articles_with_lastmod(self, client):
        story = ArticleFactory(published_at=NOW - timedelta(days=3))
        ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(status=Article.Status.WITHDRAWN)
        root = xml(client, "/sitemap-articles.xml")

        urls = root.findall("sm:url", NS)
        assert [url.find("sm:loc", NS).text for url in urls] == [
            f"http://testserver{story.get_absolute_url()}"
        ]
        assert urls[0].find("sm:lastmod", NS).text == "2024-06-10T12:00:00Z"

    def test_a_scheduled_article_appears_from_its_time(self, client, time_machine):
        scheduled = ArticleFactory(published_at=NOW + timedelta(hours=1))
        url = f"http://testserver{scheduled.get_absolute_url()}"
        assert url not in locations(xml(client, "/sitemap-articles.xml"))
        assert url not in locations(xml(client, "/sitemap-news.xml"))

        time_machine.move_to(NOW + timedelta(hours=1), tick=False)
        assert url in locations(xml(client, "/sitemap-articles.xml"))
        assert url in locations(xml(client, "/sitemap-news.xml"))


class TestSectionSitemaps:
    def test_sections_with_published_stories_are_listed(self, client):
        author, tag, dateline = AuthorFactory(), TagFactory(), DatelineFactory()
        ArticleFactory(authors=[author], tags=[tag], dateline=dateline)
        lonely_tag = TagFactory()
        ArticleFactory(tags=[lonely_tag], status=Article.Status.DRAFT, published_at=None)

        assert locations(xml(client, "/sitemap-authors.xml")) == [
            f"http://testserver{author.get_absolute_url()}"
        ]
        assert locations(xml(client, "/sitemap-tags.xml")) == [
            f"http://testserver{tag.get_absolute_url()}"
        ]
        assert locations(xml(client, "/sitemap-datelines.xml")) == [
            f"http://testserver{dateline.get_absolute_url()}"
        ]

    def test_a_section_lastmod_is_its_latest_published_story(self, client, time_machine):
        tag = TagFactory()
        ArticleFactory(tags=[tag])
        time_machine.move_to(NOW + timedelta(hours=5), tick=False)
        ArticleFactory(tags=[tag], status=Article.Status.DRAFT, published_at=None)

        root = xml(client, "/sitemap-tags.xml")
        assert root.find("sm:url/sm:lastmod", NS).text == "2024-06-10T12:00:00Z"

    def test_an_unknown_section_is_404(self, client):
        assert client.get("/sitemap-nothing.xml").status_code == 404


class TestGoogleNewsSitemap:
    def test_lists_the_last_48_hours_with_news_details(self, client):
        recent = ArticleFactory(
            headline="Ferry service resumes & more",
            published_at=NOW - timedelta(hours=47),
            language="nb-NO",
        )
        ArticleFactory(headline="Too old", published_at=NOW - timedelta(hours=49))
        root = xml(client, "/sitemap-news.xml")

        urls = root.findall("sm:url", NS)
        assert len(urls) == 1
        url = urls[0]
        assert url.find("sm:loc", NS).text == f"http://testserver{recent.get_absolute_url()}"
        news = url.find("news:news", NS)
        assert news.find("news:publication/news:name", NS).text == "The Newsroom Chronicle"
        assert news.find("news:publication/news:language", NS).text == "nb"
        assert news.find("news:publication_date", NS).text == "2024-06-08T13:00:00Z"
        assert news.find("news:title", NS).text == "Ferry service resumes & more"

    def test_the_site_language_is_used_by_default(self, client):
        ArticleFactory()
        root = xml(client, "/sitemap-news.xml")
        assert root.find(".//news:language", NS).text == "en"


class TestRobots:
    def test_names_the_sitemaps_and_keeps_private_paths_out(self, client):
        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert lines[0] == "User-agent: *"
        for path in ("/admin/", "/preview/", "/search/"):
            assert f"Disallow: {path}" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines
        assert "Sitemap: http://testserver/sitemap-news.xml" in lines

    def test_share_links_and_search_fall_under_the_disallowed_paths(self, client):
        disallowed = [
            line.removeprefix("Disallow: ")
            for line in client.get("/robots.txt").content.decode().splitlines()
            if line.startswith("Disallow: ")
        ]
        for url in (reverse("articles:share", args=["token"]), reverse("articles:search")):
            assert any(url.startswith(prefix) for prefix in disallowed), url
