"""Readers and editors through a database outage.

The outage is real as far as the app can tell: the connection is pointed at
a database that cannot be opened (a closed port on PostgreSQL, a missing
folder on SQLite), so every query fails with the driver's own error. A
cached page is served from its last copy (briefly, never past midnight,
never after a withdrawal); a page never cached is a 503 with Retry-After;
the desk says the text is kept and stores nothing half-done.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles.models import Article
from banners.state import RECORD_CACHE_KEY
from reader.page_cache import tokens

from .admin_forms import change_form, change_url
from .factories import ArticleFactory
from .outages import database_unreachable

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reader() -> Client:
    """A reader's browser, given what the server answers, errors included."""
    return Client(raise_request_exception=False)


@pytest.fixture
def desk(editor_client) -> Client:
    editor_client.raise_request_exception = False
    return editor_client


def max_age(response) -> int:
    directives = dict(
        part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",")
    )
    return int(directives["max-age"])


def test_a_page_cached_before_the_outage_is_served_from_its_last_copy(reader, tmp_path):
    story = ArticleFactory(headline="Storm warning for the coast")
    url = story.get_absolute_url()
    before = reader.get(url)
    assert before["X-Cache"] == "MISS"
    # Something on the page changed since: it is due to be rendered again.
    tokens.renew_stories([story.public_facts()])

    with database_unreachable(tmp_path):
        for address in (url, url):
            response = reader.get(address)
            assert response.status_code == 200
            assert response["X-Cache"] == "STALE"
            assert response.content == before.content
            assert 0 < max_age(response) <= 10
        assert reader.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    after = reader.get(url)
    assert after.status_code == 200
    assert after["X-Cache"] == "MISS"


def test_the_last_copy_is_given_even_when_the_shared_records_are_gone(reader, tmp_path):
    """The banner's record and the next due time need the database when missing."""
    story = ArticleFactory()
    url = story.get_absolute_url()
    reader.get(url)
    tokens.renew_stories([story.public_facts()])
    cache.delete_many([RECORD_CACHE_KEY, tokens.DUE_KEY])
    with database_unreachable(tmp_path):
        response = reader.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "STALE"


def test_a_page_never_cached_is_a_styled_503_with_retry_after(reader, tmp_path):
    story = ArticleFactory()
    with database_unreachable(tmp_path):
        for url in (story.get_absolute_url(), "/", "/search/?q=storm"):
            response = reader.get(url)
            assert response.status_code == 503, url
            assert int(response["Retry-After"]) > 0
            assert response["Cache-Control"] == "no-store"
            page = response.content.decode()
            assert "<h1>Back in a moment</h1>" in page
            assert "css/site" in page  # the site's own style, no inline one
            assert "<script" not in page
            assert "style=" not in page


def test_a_story_withdrawn_since_is_never_served_from_its_last_copy(reader, desk, tmp_path):
    story = ArticleFactory(headline="Minister named in inquiry")
    url = story.get_absolute_url()
    reader.get(url)
    reader.get("/")
    story.refresh_from_db()
    assert desk.post(change_url(story), change_form(story, _workflow="withdraw")).status_code == 302

    with database_unreachable(tmp_path):
        for address in (url, "/"):
            response = reader.get(address)
            assert response.status_code == 503
            assert b"Minister named in inquiry" not in response.content


def test_yesterday_s_copy_is_never_served_and_today_s_is_kept_only_until_midnight(
    reader, tmp_path, time_machine, settings
):
    zone = timezone.get_current_timezone()
    almost_midnight = datetime.datetime(2026, 3, 14, 23, 59, 55, tzinfo=zone)
    time_machine.move_to(almost_midnight, tick=False)
    story = ArticleFactory(published_at=almost_midnight - datetime.timedelta(hours=2))
    url = story.get_absolute_url()
    reader.get(url)
    tokens.renew_stories([story.public_facts()])

    with database_unreachable(tmp_path):
        response = reader.get(url)
        assert response["X-Cache"] == "STALE"
        assert max_age(response) <= 5  # the newsroom's midnight is five seconds away

        time_machine.move_to(almost_midnight + datetime.timedelta(seconds=10), tick=False)
        assert reader.get(url).status_code == 503


def test_the_desk_says_the_text_is_kept_and_stores_nothing_half_done(desk, tmp_path):
    story = ArticleFactory(headline="Harbour plan approved", body="<p>First version.</p>")
    story.refresh_from_db()
    typed = change_form(story, body="<p>Second version, typed during the outage.</p>")

    with database_unreachable(tmp_path):
        response = desk.post(change_url(story), typed)
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        page = response.content.decode()
        assert "The database is unavailable; your text is kept" in page
        assert "<script" not in page
        assert "style=" not in page
        assert desk.get(change_url(story)).status_code == 503

    stored = Article.objects.get(pk=story.pk)
    assert stored.body == "<p>First version.</p>"
    assert stored.version == story.version
    # The same form, sent again once the database is back, is saved.
    assert desk.post(change_url(story), typed).status_code == 302
    assert "typed during the outage" in Article.objects.get(pk=story.pk).body
