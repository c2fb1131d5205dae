"""Caps on concurrent searches, per process and per client.

Each distinct search costs the database a ranked full-text query and cannot
be served from the page cache, so a flood of them is refused early instead
of queueing every worker behind it: at most ``NEWSROOM_SEARCH_CONCURRENT``
searches run at once in a process, and at most
``NEWSROOM_SEARCH_CONCURRENT_PER_CLIENT`` for one client across all
processes (a counter in the shared cache). The client is ``REMOTE_ADDR``,
which ``newsroom.proxy.TrustedProxyMiddleware`` has already set to the
reader's own address when the request came through our proxy.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# A search's counter outlives a process killed mid-search by at most this.
SLOT_SECONDS = 60
# What a refused client is told to wait.
RETRY_AFTER_SECONDS = 2


class TooBusy(Exception):
    """Too many searches running: refuse with 429 and ``Retry-After``."""

    retry_after = RETRY_AFTER_SECONDS


_lock = threading.Lock()
_running = 0


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@contextmanager
def _process_slot() -> Iterator[None]:
    global _running
    with _lock:
        if _running >= settings.NEWSROOM_SEARCH_CONCURRENT:
            raise TooBusy
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1


@contextmanager
def _client_slot(client: str) -> Iterator[None]:
    key = f"throttle:search:{client}"
    cache.add(key, 0, timeout=SLOT_SECONDS)
    try:
        running = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.add(key, 1, timeout=SLOT_SECONDS)
        running = 1
    try:
        if running > settings.NEWSROOM_SEARCH_CONCURRENT_PER_CLIENT:
            raise TooBusy
        yield
    finally:
        with suppress(ValueError):  # expired: nothing left to give back
            cache.decr(key)


@contextmanager
def search_slot(request: HttpRequest) -> Iterator[None]:
    """Run one search, or raise ``TooBusy`` when the caps are reached."""
    with _process_slot(), _client_slot(client_address(request)):
        yield
