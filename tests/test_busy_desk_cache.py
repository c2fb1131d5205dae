"""Readers' pages stay cached while the desk types; what readers can see shows at once.

Each check is what a reader or an editor would notice: a cached page comes
back with ``X-Cache: HIT`` and costs no database query; after a publish, an
edit or a withdrawal the next request shows it.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def desk(editor_client):
    """The editorial desk at work, beside the reader's ``client``."""
    return editor_client


@pytest.fixture
def newsroom():
    """A live lead story, an unrelated live story and a draft, each in its own topic."""
    return {
        "lead": ArticleFactory(headline="Bridge reopens", tags=[TagFactory(slug="transport")]),
        "other": ArticleFactory(headline="Choir wins prize", tags=[TagFactory(slug="music")]),
        "draft": ArticleFactory(headline="Budget leak", status=Status.DRAFT, published_at=None),
    }


def read(client, url: str, *, expect: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Cache"] == expect, url
    return response.content.decode()


def assert_cached(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        read(client, url, expect="HIT")


def test_a_cached_page_says_so_and_costs_no_query(client, newsroom, django_assert_num_queries):
    read(client, "/", expect="MISS")
    assert_cached(client, "/", django_assert_num_queries)


def test_the_desk_at_work_leaves_readers_pages_cached(
    client, desk, second_editor, newsroom, django_assert_num_queries
):
    lead, other, draft = newsroom["lead"], newsroom["other"], newsroom["draft"]
    for url in ("/", other.get_absolute_url(), lead.get_absolute_url()):
        read(client, url, expect="MISS")

    # Twenty editors typing: autosaves (which also say who is present), on
    # the draft and on the live story itself.
    for article in (draft, lead):
        autosave = reverse("admin:articles_article_autosave", args=[article.pk])
        typed = {"headline": "Typed, not saved", "edit_version": article.version}
        assert desk.post(autosave, typed).status_code == 200
    # A draft saved, submitted for review, and a story scheduled for later.
    assert desk.post(change_url(draft), change_form(draft, body="<p>More.</p>")).status_code == 302
    draft.refresh_from_db()
    workflow.transition(draft, action="submit", user=second_editor)
    ArticleFactory(headline="Tomorrow's story", published_at=datetime.now(UTC) + timedelta(days=1))
    # The history and a share link.
    desk.get(reverse("admin:articles_article_history", args=[lead.pk]))
    desk.post(reverse("admin:articles_article_share", args=[draft.pk]), {"lifetime": "1d"})

    for url in ("/", other.get_absolute_url(), lead.get_absolute_url()):
        assert_cached(client, url, django_assert_num_queries)


def test_a_publish_an_edit_and_a_withdrawal_show_on_the_next_request(
    client, desk, newsroom, django_assert_num_queries
):
    lead, other, draft = newsroom["lead"], newsroom["other"], newsroom["draft"]
    for url in ("/", other.get_absolute_url(), lead.get_absolute_url()):
        read(client, url, expect="MISS")

    publish = change_form(draft, _workflow="publish")
    assert desk.post(change_url(draft), publish).status_code == 302
    assert "Budget leak" in read(client, "/", expect="MISS")
    # A story in another topic, on its own page, did not change.
    assert_cached(client, other.get_absolute_url(), django_assert_num_queries)

    lead.refresh_from_db()
    edited = change_form(lead, headline="Bridge reopens after repairs")
    assert desk.post(change_url(lead), edited).status_code == 302
    assert "Bridge reopens after repairs" in read(client, lead.get_absolute_url(), expect="MISS")
    assert "Bridge reopens after repairs" in read(client, "/", expect="MISS")
    assert_cached(client, other.get_absolute_url(), django_assert_num_queries)

    lead.refresh_from_db()
    withdraw = change_form(lead, _workflow="withdraw")
    assert desk.post(change_url(lead), withdraw).status_code == 302
    assert client.get(lead.get_absolute_url()).status_code == 410
    assert "Bridge reopens" not in read(client, "/", expect="MISS")
    # A legal kill: no page from before it is served, not even an unrelated one.
    read(client, other.get_absolute_url(), expect="MISS")


def test_a_scheduled_story_renews_only_what_shows_it_when_it_comes_due(
    client, time_machine, django_assert_num_queries
):
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    other = ArticleFactory(headline="Choir wins prize", tags=[TagFactory(slug="music")])
    ArticleFactory(
        headline="Results at ten",
        published_at=now + timedelta(seconds=30),
        tags=[TagFactory(slug="elections")],
    )
    assert "Results at ten" not in read(client, "/", expect="MISS")
    read(client, other.get_absolute_url(), expect="MISS")

    time_machine.move_to(now + timedelta(seconds=31), tick=False)  # pages are kept 60 s
    assert "Results at ten" in read(client, "/", expect="MISS")
    assert "Results at ten" in read(client, "/tags/elections/", expect="MISS")
    assert_cached(client, other.get_absolute_url(), django_assert_num_queries)


def test_an_editor_logged_in_gets_the_same_cached_page(
    client, desk, newsroom, django_assert_num_queries
):
    read(client, "/", expect="MISS")
    with django_assert_num_queries(0):  # no session or user is even looked up
        response = desk.get("/")
    assert response["X-Cache"] == "HIT"


def test_query_junk_makes_no_new_copy_and_never_reaches_the_view(
    client, newsroom, django_assert_num_queries
):
    url = newsroom["lead"].get_absolute_url()
    read(client, url, expect="MISS")
    for junk in ("?utm_source=mail", "?utm_campaign=x&fbclid=1", "?random=42"):
        with django_assert_num_queries(0):
            read(client, url + junk, expect="HIT")
    read(client, "/search/?q=bridge", expect="MISS")
    page = read(client, "/search/?utm_medium=social&q=bridge", expect="HIT")
    assert "utm_medium" not in page


def test_a_forged_host_never_reaches_anyone_s_canonical_link(client, newsroom):
    url = newsroom["lead"].get_absolute_url()
    forged = client.get(
        url, headers={"host": "127.0.0.1:6666", "x-forwarded-host": "evil.example"}
    ).content.decode()
    assert "6666" not in forged
    assert "evil.example" not in forged
    page = read(client, url, expect="HIT")
    assert f'<link rel="canonical" href="http://testserver{url}">' in page
    assert "6666" not in page


def test_a_hit_carries_the_security_headers(client, newsroom):
    read(client, "/", expect="MISS")
    hit = client.get("/")
    assert hit["X-Cache"] == "HIT"
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert hit["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_closing_the_banner_is_a_copy_of_its_own(client, newsroom, django_assert_num_queries):
    read(client, "/", expect="MISS")
    client.cookies["banner_closed"] = "date"
    assert "top-banner" not in read(client, "/", expect="MISS")
    with django_assert_num_queries(0):
        assert "top-banner" not in read(client, "/", expect="HIT")
    del client.cookies["banner_closed"]
    assert "top-banner" in read(client, "/", expect="HIT")


def test_the_page_cache_can_be_switched_off(client, newsroom, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    first, second = client.get("/"), client.get("/")
    assert "X-Cache" not in first
    assert "X-Cache" not in second
