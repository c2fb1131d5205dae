"""Django's Redis cache, made cheaper per call and never a dependency.

Three parts, in this order:

1. Django's Redis cache backend, made cheaper per call for the page cache's hits.

A page-cache hit is one ``get_many``; measured in-process, Django's stock
backend spends about 210 µs of CPU on it, this one about 65 µs
(docs/performance.md):

- Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every call,
  which with redis-py 5 and later copies the client's table of response
  callbacks each time. A client is only a handle on its connection pool and
  is safe to share between threads, so one is made per pool here.
- Django checks every key for what memcached cannot store (length, spaces,
  control characters) and warns; Redis stores any key, so the check is skipped.

Everything else is Django's backend unchanged.

2. The shared cache as an accelerator, never a dependency.

``ResilientRedisCache`` is Django's Redis backend behind a circuit breaker.
When Redis cannot be reached (refused, timed out, still loading), the
breaker opens for ``CIRCUIT_BREAKER_SECONDS``: every call in this process
answers at once as a miss or a no-op, so pages render from the database and
saves succeed, instead of each request waiting on a dead connection. After
that the next call tries Redis again; the first one that works closes the
breaker. One log line says when the cache went away and one when it came
back. The breaker is per process (each gunicorn worker finds out for
itself, at the cost of one short timeout).

Writes dropped while Redis was away (a renewed token, a withdrawal's kill)
matter once it is back with whatever it kept: when the breaker closes after
this process dropped writes, the ``AFTER_OUTAGE`` option's function (a
dotted path, e.g. the page cache's) is called, so nothing cached from
before is served as current.

3. A message channel between the processes that share the cache.

``publish(channel)`` tells every process listening on ``channel`` (Redis
pub/sub, through the same server) that something changed; ``listen``
starts one thread per process and channel that calls a function for each
message, and says whether it is connected. A process that keeps its own
copies of what the shared cache holds (the page cache's hot pages) uses
them only while it listens, so no message can be missed unnoticed.
Imports no app.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import redis
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.utils.module_loading import import_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        # Django's private helpers, which django-stubs does not declare.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def make_and_validate_key(self, key, version=None):
        return self.make_key(key, version=version)

    @property
    def _location(self) -> str:
        return ",".join(self._servers)  # type: ignore[attr-defined]

    # --- Messages between the processes sharing this cache ----------------
    def publish(self, channel: str) -> None:
        """Tell every other process listening on ``channel`` that something changed."""
        client = self._cache.get_client(write=True)  # type: ignore[attr-defined]
        client.publish(self.make_key(channel), this_process())

    def listen(self, channel: str, on_message: Callable[[], None]) -> Listener:
        """This process's listener on ``channel`` (started on first use, again after a fork)."""
        key = (self._location, channel)
        listener = _listeners.get(key)
        if listener is None or listener.pid != os.getpid():
            with _listeners_lock:
                listener = _listeners.get(key)
                if listener is None or listener.pid != os.getpid():
                    listener = Listener(
                        self._location, self.make_key(channel), on_message, self._breaker()
                    )
                    _listeners[key] = listener
        return listener

    def _breaker(self) -> _Breaker | None:
        return None


logger = logging.getLogger(__name__)
channel_logger = logging.getLogger(f"{__name__}.channel")

# What "Redis is away" looks like (BusyLoadingError, a restarted Redis still
# reading its dump, is a ConnectionError too).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_BREAKER_SECONDS = 5.0

T = TypeVar("T")


class _Breaker:
    """One per Redis location per process, shared by the threads' cache objects."""

    def __init__(self, location: str, seconds: float):
        self.location = location
        self.seconds = seconds
        self.open_until = 0.0  # monotonic; 0 when closed
        self.opened_at = 0.0
        self.dropped_writes = False
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self.open_until != 0.0

    def allows_call(self) -> bool:
        """Closed, or open long enough that one more try is due."""
        return time.monotonic() >= self.open_until

    def failed(self, error: BaseException) -> None:
        with self._lock:
            opening = not self.is_open
            now = time.monotonic()
            if opening:
                self.opened_at = now
            self.open_until = now + self.seconds
        if opening:
            logger.warning(
                "Cache unreachable at %s (%s: %s): process %d serves without it, "
                "trying again every %gs.",
                self.location,
                type(error).__name__,
                error,
                os.getpid(),
                self.seconds,
            )

    def succeeded(self) -> bool:
        """Close the breaker; True if writes were dropped while it was open."""
        if not self.is_open:
            return False
        with self._lock:
            if not self.is_open:
                return False
            was_down_for = time.monotonic() - self.opened_at
            dropped, self.dropped_writes = self.dropped_writes, False
            self.open_until = 0.0
        logger.warning(
            "Cache reachable again at %s after %.1fs: process %d uses it again.",
            self.location,
            was_down_for,
            os.getpid(),
        )
        return dropped


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str, seconds: float) -> _Breaker:
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = _Breaker(location, seconds)
        breaker.seconds = seconds
        return breaker


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that answers a miss or a no-op while Redis is away.

    OPTIONS as for ``RedisCache`` (``socket_connect_timeout`` and
    ``socket_timeout`` keep a dead server from holding a request), plus
    ``CIRCUIT_BREAKER_SECONDS``: how long to skip Redis after it failed, and
    ``AFTER_OUTAGE``: the dotted path of a function called (no arguments)
    when Redis answers again after this process dropped writes.
    """

    def __init__(self, server, params):
        options = {**params.get("OPTIONS", {})}
        seconds = float(options.pop("CIRCUIT_BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS))
        self._after_outage: str | None = options.pop("AFTER_OUTAGE", None)
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = breaker_for(location, seconds)

    def _guard(self, call: Callable[[], T], fallback: T, *, writes: bool) -> T:
        breaker = self.breaker
        if not breaker.allows_call():
            breaker.dropped_writes |= writes
            return fallback
        try:
            result = call()
        except UNREACHABLE as error:
            breaker.failed(error)
            breaker.dropped_writes |= writes
            return fallback
        if breaker.succeeded() and self._after_outage:
            import_string(self._after_outage)()
            if not writes:
                result = call()  # what was read before the hook wrote is outdated
        return result

    # --- Reads: a miss ------------------------------------------------------
    def get(self, key, default=None, version=None):
        return self._guard(partial(super().get, key, default, version), default, writes=False)

    def get_many(self, keys, version=None):
        return self._guard(partial(super().get_many, keys, version), {}, writes=False)

    def has_key(self, key, version=None):
        return self._guard(partial(super().has_key, key, version), False, writes=False)

    # --- Writes: a no-op ----------------------------------------------------
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guard(partial(super().set, key, value, timeout, version), None, writes=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = list(data)  # what set_many returns: the keys not stored
        return self._guard(partial(super().set_many, data, timeout, version), failed, writes=True)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Every add here takes an "only one of us does this" lock (one render
        # per page, one release of due stories): with no cache, go ahead.
        return self._guard(partial(super().add, key, value, timeout, version), True, writes=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(partial(super().touch, key, timeout, version), False, writes=True)

    def delete(self, key, version=None):
        return self._guard(partial(super().delete, key, version), False, writes=True)

    def delete_many(self, keys, version=None):
        self._guard(partial(super().delete_many, keys, version), None, writes=True)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._guard(partial(super().incr, key, delta, version), missing, writes=True)
        if result is missing:
            raise ValueError(f"Key {key!r} not found: the cache is unreachable.")
        return result

    def clear(self):
        self._guard(super().clear, None, writes=True)

    def publish(self, channel: str) -> None:
        self._guard(partial(super().publish, channel), None, writes=True)

    def _breaker(self) -> _Breaker | None:
        return self.breaker


class Listener:
    """A thread that calls ``on_message`` for every message on one channel.

    It also calls it on connecting and on losing a connection it had:
    whatever was said meanwhile is unknown, so a process's own copies must
    go then.
    ``connected`` is true only while messages can arrive: subscribed, and
    the cache's breaker closed (a hung server is noticed by the next request
    that times out, or by the listener's own health check).
    """

    RETRY_SECONDS = 1.0
    # Silence longer than this is checked with a PING, so a dead connection
    # is noticed even when nothing is published.
    HEALTH_CHECK_SECONDS = 5

    def __init__(
        self,
        location: str,
        channel: str,
        on_message: Callable[[], None],
        breaker: _Breaker | None,
    ):
        self.location = location
        self.channel = channel
        self.on_message = on_message
        self.pid = os.getpid()
        self.breaker = breaker
        self._subscribed = False
        self._thread = threading.Thread(
            target=self._run, name=f"cache-listener {channel}", daemon=True
        )
        self._thread.start()

    @property
    def connected(self) -> bool:
        return self._subscribed and not (self.breaker is not None and self.breaker.is_open)

    def _run(self) -> None:
        while True:
            try:
                self._listen()
            except Exception as error:  # the thread must live on, whatever failed
                if self._subscribed:
                    channel_logger.warning(
                        "Cache channel %s lost in process %d (%s): its own copies are off.",
                        self.channel,
                        os.getpid(),
                        error,
                    )
            finally:
                if self._subscribed:  # what was said meanwhile is unknown
                    self._subscribed = False
                    self.on_message()
            time.sleep(self.RETRY_SECONDS)

    def _listen(self) -> None:
        client = redis.Redis.from_url(
            self.location,
            socket_connect_timeout=1.0,
            # Longer than the wait for a message; a PING unanswered this long
            # is a hung server.
            socket_timeout=self.HEALTH_CHECK_SECONDS + 2,
            health_check_interval=self.HEALTH_CHECK_SECONDS,
        )
        with client.pubsub() as pubsub:
            pubsub.subscribe(self.channel)
            while True:
                message = pubsub.get_message(timeout=self.HEALTH_CHECK_SECONDS)
                if message is None or message["type"] not in ("subscribe", "message"):
                    continue  # silence, or the health check's answer
                if message["type"] == "message" and message["data"] == this_process():
                    continue  # our own: this process acted on it before sending it
                self.on_message()
                if message["type"] == "subscribe":
                    self._subscribed = True


def this_process() -> bytes:
    """Who sent a message: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}".encode()


_listeners: dict[tuple[str, str], Listener] = {}
_listeners_lock = threading.Lock()
