"""The whole-page cache: what a cached page costs, how long it lives, what
renews it, and what readers' browsers and shared caches are told.

Each test starts with every page stale (conftest renews the content
version). The banner's part of the key (the announcement, whether the
reader closed it) is tested with the Close control in test_announcements.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import ArticleFactory
from .html import banner, visible_text

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_no_query(client, django_assert_num_queries):
    ArticleFactory()
    client.get("/")
    with django_assert_num_queries(0):  # the banner's state comes from the cache too
        client.get("/")


class TestDateWithCachingOn:
    """The page cache is Django's real cache (Redis when REDIS_URL is set)."""

    def test_a_page_cached_before_midnight_shows_the_new_date_after(self, client, time_machine):
        ArticleFactory(published_at=datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
        time_machine.move_to(datetime(2026, 11, 27, 23, 59, 0, tzinfo=UTC))
        assert "Friday November 27, 2026" in visible_text(banner(client))

        time_machine.move_to(datetime(2026, 11, 27, 23, 59, 30, tzinfo=UTC))
        with CaptureQueriesContext(connection) as served_from_cache:
            assert "Friday November 27, 2026" in visible_text(banner(client))
        assert len(served_from_cache) == 0, "the page and the banner both came from the cache"

        time_machine.move_to(datetime(2026, 11, 28, 0, 0, 30, tzinfo=UTC))
        assert "Saturday November 28, 2026" in visible_text(banner(client))

    def test_midnight_is_the_newsrooms_not_utcs(self, client, settings, time_machine):
        settings.TIME_ZONE = "America/New_York"
        time_machine.move_to(datetime(2026, 11, 28, 4, 59, 0, tzinfo=UTC))  # 23:59 in New York
        assert "Friday November 27, 2026" in visible_text(banner(client))
        time_machine.move_to(datetime(2026, 11, 28, 5, 0, 30, tzinfo=UTC))
        assert "Saturday November 28, 2026" in visible_text(banner(client))

    def test_cache_lifetime_never_passes_the_newsrooms_midnight(self, client, time_machine):
        time_machine.move_to(datetime(2026, 11, 27, 23, 59, 20, tzinfo=UTC), tick=False)
        response = client.get("/")
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=40"

    def test_publishing_shows_at_once_despite_the_cache(self, client):
        client.get("/")
        ArticleFactory(headline="Fresh off the desk")
        assert "Fresh off the desk" in client.get("/").content.decode()


class TestHttpCaching:
    def test_pages_are_cacheable_and_vary_on_the_cookie(self, client):
        ArticleFactory()
        response = client.get("/")
        assert "public" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
        assert response["ETag"]

    def test_unchanged_page_revalidates_with_304(self, client):
        etag = client.get("/")["ETag"]
        assert client.get("/", headers={"if-none-match": etag}).status_code == 304

    def test_not_found_is_not_cached(self, client):
        assert client.get("/tags/nothing/").status_code == 404
        assert "s-maxage" not in client.get("/tags/nothing/").get("Cache-Control", "")


def test_a_scheduled_story_goes_live_on_time_despite_the_cache(client, time_machine):
    time_machine.move_to(datetime(2026, 11, 27, 9, 0, 0, tzinfo=UTC), tick=False)
    ArticleFactory(
        headline="Embargoed results", published_at=datetime(2026, 11, 27, 9, 0, 20, tzinfo=UTC)
    )
    assert "Embargoed results" not in client.get("/").content.decode()
    response = client.get("/")
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=21"

    time_machine.move_to(datetime(2026, 11, 27, 9, 0, 22, tzinfo=UTC))
    assert "Embargoed results" in client.get("/").content.decode()
