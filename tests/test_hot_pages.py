"""Hot pages answered before Django runs (newsroom/hot_pages.py), through the
project's real WSGI application, as gunicorn calls it."""

from __future__ import annotations

import io
import time

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from articles.editing import save_edit
from articles.models import Article
from newsroom.wsgi import application

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _heard():
    """With Redis as the cache, copies are kept once this process hears its channel."""
    from reader.page_cache.local import heard_by_this_process

    deadline = time.monotonic() + 5
    while not heard_by_this_process() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert heard_by_this_process(), "the process never subscribed to its channel"


def call(path: str, *, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer: dict = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    # As Django's test client does: the test's open transaction must survive.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def from_memory(headers: dict[str, str]) -> bool:
    return 'desc="from memory"' in headers.get("Server-Timing", "")


def test_the_second_reader_is_answered_from_memory_with_every_header_the_page_had():
    url = ArticleFactory(headline="Tram line opens").get_absolute_url()
    status, first, body = call(url)
    assert status == "200 OK"
    assert not from_memory(first)

    status, again, body_again = call(url)
    assert status == "200 OK"
    assert from_memory(again)
    assert again["X-Cache"] == "HIT"
    assert body_again == body
    assert b"Tram line opens" in body_again
    # What the middleware added on the way out is there too.
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Vary"):
        assert again[name] == first[name], name
    assert again["ETag"] == first["ETag"]
    assert again["Content-Length"] == str(len(body))
    assert again["X-Request-ID"] != first["X-Request-ID"]
    assert "s-maxage=" in again["Cache-Control"]


def test_a_browser_that_has_it_gets_a_304_and_head_gets_no_body():
    url = ArticleFactory().get_absolute_url()
    _, first, body = call(url)
    status, headers, empty = call(url, if_none_match=first["ETag"])
    assert status.startswith("304")
    assert from_memory(headers)
    assert empty == b""
    status, headers, empty = call(url, method="HEAD")
    assert status == "200 OK"
    assert empty == b""
    assert headers["Content-Length"] == str(len(body))


def test_an_edit_shows_on_the_next_request(editor):
    story = ArticleFactory(headline="Tram line opens")
    url = story.get_absolute_url()
    call(url)
    assert from_memory(call(url)[1])

    article = Article.objects.get(pk=story.pk)
    article.headline = "Tram line opens a week late"
    save_edit(article, user=editor, expected_version=None)

    _, headers, body = call(url)
    assert b"Tram line opens a week late" in body
    assert not from_memory(headers)


def test_the_api_is_never_answered_from_memory():
    story = ArticleFactory()
    api = f"/api/ninjs/articles/{story.public_id}/"
    call(api)
    assert not from_memory(call(api)[1])  # its rate limit counts every request


def test_the_request_s_host_is_not_part_of_the_page():
    """Absolute links come from NEWSROOM_SITE_URL: one copy whatever Host says."""
    url = ArticleFactory().get_absolute_url()
    _, _, body = call(url)
    status, headers, other = call(url, host="127.0.0.1:6666")
    assert status == "200 OK"
    assert from_memory(headers)
    assert other == body
    assert b"127.0.0.1:6666" not in other


def test_a_closed_banner_has_its_own_copy():
    url = ArticleFactory().get_absolute_url()
    open_body = call(url)[2]
    _, closed_headers, closed_body = call(url, cookie="banner_closed=date")
    assert not from_memory(closed_headers)
    assert closed_body != open_body
    assert from_memory(call(url, cookie="banner_closed=date")[1])


def test_a_page_first_revalidated_with_a_304_is_kept_whole():
    """Pollers send If-None-Match: the 304 Django made still leaves a full copy."""
    from reader.page_cache.local import recent

    url = ArticleFactory().get_absolute_url()
    _, first, body = call(url)
    recent.forget_here()
    status, headers, _ = call(url, if_none_match=first["ETag"])
    assert status.startswith("304")
    assert not from_memory(headers)

    status, headers, again = call(url)
    assert status == "200 OK"
    assert from_memory(headers)
    assert again == body
    assert headers["Content-Type"] == first["Content-Type"]
