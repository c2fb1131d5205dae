"""Hot pages from each process's own memory, kept true across processes.

Against real servers: a Redis of the test's own (the process's copies and the
channel that forgets them), and gunicorn with two worker processes sharing the
test's Redis, where an edit made in this process must reach the page every
worker serves on the very next request.
"""

from __future__ import annotations

import time
import urllib.request

import pytest
import redis

from articles.editing import save_edit
from articles.models import Article
from reader.page_cache.local import CHANNEL, heard_by_this_process, recent

from .admin_forms import change_form, change_url
from .factories import ArticleFactory
from .servers import (  # noqa: F401 - fixtures among them
    RedisServer,
    app_environment,
    collected_static,
    shared_redis,
    start_gunicorn,
)


def wait_until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def commands_processed(server: redis.Redis) -> int:
    return int(server.info("stats")["total_commands_processed"])


@pytest.fixture
def redis_cache(settings, own_redis: RedisServer) -> redis.Redis:
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    assert wait_until(heard_by_this_process), "the process never subscribed to its channel"
    return redis.Redis.from_url(own_redis.url)


@pytest.mark.django_db
def test_a_hot_page_is_answered_without_asking_the_shared_cache(client, redis_cache):
    url = ArticleFactory(headline="Harbour reopens").get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    first = client.get(url)
    assert first["X-Cache"] == "HIT"

    # Two readings of the counter with nothing between cost two commands (theirs).
    idle = -commands_processed(redis_cache) + commands_processed(redis_cache)
    before = commands_processed(redis_cache)
    again = client.get(url)
    after = commands_processed(redis_cache)

    assert again["X-Cache"] == "HIT"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert after - before == idle  # the page came from the process's memory


@pytest.mark.django_db
def test_a_change_forgets_the_copy_and_shows_on_the_next_request(
    client, editor_client, redis_cache
):
    story = ArticleFactory(headline="Harbour reopens")
    url = story.get_absolute_url()
    client.get(url)
    client.get(url)
    assert recent.entries, "the page should be kept in the process's memory"

    edited = change_form(story, headline="Harbour reopens at dawn")
    assert editor_client.post(change_url(story), edited).status_code == 302

    assert not recent.entries
    response = client.get(url)
    assert b"Harbour reopens at dawn" in response.content


@pytest.mark.django_db
def test_a_message_from_another_process_forgets_this_process_s_copies(client, redis_cache):
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    client.get(url)
    assert recent.entries

    # Another process sharing the cache says something changed.
    redis_cache.publish(f"newsroom:1:{CHANNEL}", b"1")

    assert wait_until(lambda: not recent.entries, seconds=2)


@pytest.mark.django_db
def test_without_the_channel_no_copy_is_kept_or_served(client, redis_cache, own_redis):
    url = ArticleFactory(headline="Harbour reopens").get_absolute_url()
    client.get(url)
    client.get(url)
    assert recent.entries

    own_redis.stop()
    # The listener loses its connection: the copies go, and none is served.
    assert wait_until(lambda: not heard_by_this_process())
    assert not recent.entries
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"  # rendered from the database


@pytest.mark.django_db
def test_the_setting_at_zero_keeps_no_copies(client, redis_cache, settings):
    settings.NEWSROOM_PAGE_CACHE_LOCAL_SECONDS = 0
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    assert not recent.entries


def read(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers["X-Cache"], response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_an_edit_reaches_every_worker_on_the_next_request(
    tmp_path,
    shared_redis,  # noqa: F811 - fixture
    editor,
):
    """Two gunicorn workers, each with the page in its own memory: an edit made
    here (another process) shows in every answer from the next one on."""
    story = ArticleFactory(headline="Bridge closed for repairs")
    app_url, app = start_gunicorn(tmp_path, app_environment(tmp_path, shared_redis), workers=2)
    try:
        url = app_url + story.get_absolute_url()
        # Enough requests that both workers serve it from their own memory.
        outcomes = [read(url)[0] for _ in range(40)]
        assert outcomes.count("HIT") >= 30

        article = Article.objects.get(pk=story.pk)
        article.headline = "Bridge reopens early"
        save_edit(article, user=editor, expected_version=None)

        answers = [read(url)[1] for _ in range(40)]
        assert all("Bridge reopens early" in body for body in answers)
        assert not any("Bridge closed for repairs" in body for body in answers)
    finally:
        app.stop()
