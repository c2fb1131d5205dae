"""nginx in front of gunicorn, as deploy/nginx.conf configures it, on loopback.

Checks what a reader and an editor would notice: a public page comes from
nginx's cache whatever cookies arrive; the desk never does; a published
story shows through within the page's s-maxage; a withdrawn story is gone
from nginx at once (the app purges it).
"""

import time
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from articles import workflow
from articles.models import Article

from .factories import ArticleFactory
from .servers import (  # noqa: F401 - fixtures among them
    app_environment,
    collected_static,
    shared_redis,
    start_gunicorn,
    start_nginx,
)

pytestmark = pytest.mark.django_db(transaction=True)
S_MAXAGE = 3


def get(url: str, *, cookie: str = "") -> tuple[int, dict[str, str], str]:
    """A reader's request, by the site's own name (nginx keys its cache by it)."""
    headers = {"Host": urlsplit(settings.NEWSROOM_SITE_URL).netloc}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def proxy(tmp_path, shared_redis, settings):  # noqa: F811 - fixtures
    env = app_environment(
        tmp_path,
        shared_redis,
        NEWSROOM_PAGE_CACHE_SECONDS=str(S_MAXAGE),
        NEWSROOM_TRUSTED_PROXIES="127.0.0.1",
    )
    app_url, app = start_gunicorn(tmp_path, env)
    proxy_url, nginx = start_nginx(tmp_path, app_url)
    settings.NEWSROOM_PURGE_URLS = [f"{proxy_url}/purge{{path}}"]
    yield proxy_url
    nginx.stop()
    app.stop()


def test_a_public_page_comes_from_nginx_whatever_cookies_arrive(proxy):
    ArticleFactory(headline="Ferries resume")
    status, headers, body = get(f"{proxy}/")
    assert (status, headers["X-Proxy-Cache"]) == (200, "MISS")
    assert "Ferries resume" in body
    _, again, _ = get(f"{proxy}/", cookie="sessionid=abc123; _ga=GA1.2.3")
    assert again["X-Proxy-Cache"] == "HIT"
    # The Close cookie is the one that picks a copy of its own.
    _, closed, closed_body = get(f"{proxy}/", cookie="banner_closed=date")
    assert closed["X-Proxy-Cache"] == "MISS"
    assert "top-banner" not in closed_body


def test_the_desk_and_share_links_are_never_cached(proxy):
    for _ in range(2):
        _, headers, _ = get(f"{proxy}/admin/login/")
        assert headers.get("X-Proxy-Cache") != "HIT"
        assert "private" in headers["Cache-Control"]
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    from desk.previews import make_share_token

    token, _ = make_share_token(draft, timedelta(hours=1))
    for _ in range(2):
        status, headers, _ = get(f"{proxy}/preview/{token}/")
        assert status == 200
        assert headers.get("X-Proxy-Cache") != "HIT"


def test_a_published_story_shows_through_within_the_page_s_maxage(proxy, editor):
    get(f"{proxy}/")
    draft = ArticleFactory(
        headline="Council votes tonight", status=Article.Status.DRAFT, published_at=None
    )
    workflow.transition(draft, action=workflow.Action.PUBLISH, user=editor)
    published = timezone.now()
    deadline = time.monotonic() + S_MAXAGE + 3
    while "Council votes tonight" not in get(f"{proxy}/")[2]:
        assert time.monotonic() < deadline, "still not shown after s-maxage"
        time.sleep(0.3)
    assert (timezone.now() - published).total_seconds() <= S_MAXAGE + 2


def test_a_withdrawal_purges_nginx_s_copy_at_once(proxy, editor):
    story = ArticleFactory(headline="Minister resigns")
    url = f"{proxy}{story.get_absolute_url()}"
    get(url)
    status, headers, _ = get(url)
    assert (status, headers["X-Proxy-Cache"]) == (200, "HIT")
    assert "Minister resigns" in get(f"{proxy}/")[2]

    workflow.transition(story, action=workflow.Action.WITHDRAW, user=editor)

    status, _, _ = get(url)
    assert status == 410
    assert "Minister resigns" not in get(f"{proxy}/")[2]
