"""newsroom.cache.RedisCache: Django's Redis backend with one client per pool, on a real Redis."""

import threading

import pytest

from newsroom.cache import RedisCache

from .servers import TEST_REDIS_URL


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis not reachable at {TEST_REDIS_URL}: {error}")
    cache = RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": "backend-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_it_stores_and_reads_what_django_s_backend_does(redis_cache):
    redis_cache.set("page", {"body": b"<p>x</p>"}, 30)
    assert redis_cache.get("page") == {"body": b"<p>x</p>"}
    assert redis_cache.add("lock", 1, 10) is True
    assert redis_cache.add("lock", 1, 10) is False
    redis_cache.set_many({"a": 1, "b": 2}, 30)
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    redis_cache.delete("lock")
    assert redis_cache.get("lock") is None
    # Any key Redis takes (Django's memcached warnings are not raised for it).
    redis_cache.set("pc:e:" + "k" * 300, "long", 30)
    assert redis_cache.get("pc:e:" + "k" * 300) == "long"


def test_one_client_per_pool_shared_between_calls_and_threads(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    seen = []

    def work():
        for n in range(50):
            redis_cache.set(f"t{n}", n, 30)
            seen.append(redis_cache.get(f"t{n}") == n)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 200
    assert all(seen)
