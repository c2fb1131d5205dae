"""The cache is an accelerator: with Redis gone, pages render and saves succeed.

Against a real redis-server of the test's own (tests/servers.py), stopped,
hung and started again mid-test; never a mock.
"""

from __future__ import annotations

import logging
import time

import pytest

from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory
from .servers import RedisServer

pytestmark = pytest.mark.django_db
BREAKER_SECONDS = 1.0


@pytest.fixture
def resilient_cache(settings, own_redis: RedisServer) -> RedisServer:
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.25,
                "CIRCUIT_BREAKER_SECONDS": BREAKER_SECONDS,
                "AFTER_OUTAGE": "reader.page_cache.tokens.after_cache_outage",
            },
        }
    }
    return own_redis


def timed_get(client, url: str):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def breaker_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "newsroom.cache"]


def test_pages_and_saves_carry_on_without_redis_and_caching_resumes(
    client, editor_client, resilient_cache, caplog
):
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    story = ArticleFactory(headline="Ferry timetable changes")
    url = story.get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"

    resilient_cache.stop()
    for _ in range(5):
        response, seconds = timed_get(client, url)
        assert response.status_code == 200
        assert b"Ferry timetable changes" in response.content
        assert response["X-Cache"] == "MISS"  # rendered from the database
        assert seconds < 1.0  # no request waits on the dead connection
    assert client.get("/").status_code == 200

    story.refresh_from_db()
    edited = change_form(story, headline="Ferry timetable changes again")
    assert editor_client.post(change_url(story), edited).status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "Ferry timetable changes again"
    assert b"Ferry timetable changes again" in client.get(url).content
    [opened] = breaker_lines(caplog)
    assert opened.startswith("Cache unreachable")

    resilient_cache.start()
    time.sleep(BREAKER_SECONDS + 0.1)
    assert client.get(url)["X-Cache"] == "MISS"
    response = client.get(url)
    assert response["X-Cache"] == "HIT"
    assert b"Ferry timetable changes again" in response.content
    lines = breaker_lines(caplog)
    assert len(lines) == 2
    assert lines[1].startswith("Cache reachable again")


def test_a_hung_redis_costs_one_short_timeout_then_nothing(
    client, resilient_cache, caplog, monkeypatch, settings
):
    """Six requests against a hung Redis: one meets the timeout, the rest skip Redis.

    Counted, not timed: each time a call to Redis fails (a timeout paid) the
    breaker hears of it, so one failure for six requests is one wait.
    """
    from newsroom.cache import _Breaker

    # Open long enough that a slow machine's six requests all fall inside it.
    options = {**settings.CACHES["default"]["OPTIONS"], "CIRCUIT_BREAKER_SECONDS": 60}
    settings.CACHES = {"default": {**settings.CACHES["default"], "OPTIONS": options}}
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    failures = []
    original = _Breaker.failed
    monkeypatch.setattr(
        _Breaker, "failed", lambda self, error: (failures.append(error), original(self, error))
    )
    story = ArticleFactory()
    url = story.get_absolute_url()
    client.get(url)
    resilient_cache.pause()
    responses = [client.get(url) for _ in range(6)]
    assert all(response.status_code == 200 for response in responses)
    assert len(failures) == 1, failures
    assert len(breaker_lines(caplog)) == 1


def test_a_withdrawal_made_while_redis_hung_is_not_undone_when_it_answers(
    client, editor_client, resilient_cache
):
    """Redis kept its copy of the page, but missed the withdrawal's kill."""
    story = ArticleFactory(headline="Mayor resigns")
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"

    resilient_cache.pause()
    withdraw = change_form(story, _workflow="withdraw")
    assert editor_client.post(change_url(story), withdraw).status_code == 302
    assert client.get(url).status_code == 410
    resilient_cache.resume()
    time.sleep(BREAKER_SECONDS + 0.1)

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 410
        assert b"Mayor resigns" not in response.content
