"""Hot pages kept in each process's own memory, in front of the shared cache.

A hit from the shared cache costs a round trip to Redis, and on a big day a
few addresses (the front page, the breaking story, a live story's polling
address) take most of the requests. Each process keeps the pages it served
lately and answers them before the URL is even resolved.

The copies stay true by being forgotten: every renewal, kill, banner change
or earlier due time forgets them in this process at once and, through the
shared cache's channel (``newsroom.cache``: Redis pub/sub), in every other
process within the message's trip. A process keeps copies only while it
listens on that channel (with a per-process cache there is nobody else to
tell), and never past the moment the clock changes its page: the page's own
freshness (midnight at the latest), the banner's next change, the next story
due, and ``NEWSROOM_PAGE_CACHE_LOCAL_SECONDS`` (0 turns these copies off).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from banners.state import BANNER_CLOSED_COOKIE, VALID_KEY

if TYPE_CHECKING:
    from .entries import Entry
    from .policy import PagePolicy

CHANNEL = "pc:forget"


# Set on a response the page cache kept in this process's memory: (until,
# the stored page); the WSGI wrapper (newsroom.hot_pages) keeps the finished
# response, headers and all, until the same moment (POSIX time).
KEEP_IN_PROCESS = "keep_in_process"


class Recent:
    """Pages this process served lately, keyed by the address as asked.

    Keyed before any query parameter is stripped, with the site's language,
    the newsroom's time zone (its dates) and the banner's Close cookie (the
    only cookie a public page depends on), so a hit needs no URL resolving.
    Bounded, and cleared when full.
    """

    LIMIT = 1024
    # Bodies kept at most (feeds are over 100 kB): cleared beyond it.
    BYTES_LIMIT = 32 * 1024 * 1024

    def __init__(self) -> None:
        self.entries: dict[str, tuple[float, float, Any]] = {}
        self.bytes = 0
        self.lock = threading.Lock()
        # Counts forgettings: a copy read from the shared cache before one
        # happened may be older than the change, so it is not kept.
        self.generation = 0

    @staticmethod
    def key_for(request: HttpRequest, address: str) -> str:
        closed = request.COOKIES.get(BANNER_CLOSED_COOKIE, "")
        if closed and not VALID_KEY.match(closed):
            closed = ""
        return f"{settings.LANGUAGE_CODE}|{settings.TIME_ZONE}|{closed}|{address}"

    def get(self, key: str) -> Any:
        found = self.entries.get(key)
        if found is None:
            return None
        kept_at, kept_until, value = found
        if not kept_at <= time.time() < kept_until or not heard_by_this_process():
            return None
        return value

    def keep(
        self, key: str, entry: Entry, policy: PagePolicy, *, until: float, generation: int
    ) -> float | None:
        """Keep a fresh page until ``until`` at most; returns until when, if kept."""
        seconds = settings.NEWSROOM_PAGE_CACHE_LOCAL_SECONDS
        if seconds <= 0:
            return None
        until = min(until, time.time() + seconds)
        kept = self.keep_until(
            key, (entry, policy, until), until, generation=generation, size=len(entry.body)
        )
        return until if kept else None

    def keep_until(self, key: str, value: Any, until: float, *, generation: int, size: int) -> bool:
        """Keep ``value`` (``size`` bytes) until ``until``, unless something
        was forgotten since ``generation``."""
        now = time.time()
        if until <= now or not heard_by_this_process():
            return False
        with self.lock:
            if generation != self.generation:
                return False
            if len(self.entries) >= self.LIMIT or self.bytes + size > self.BYTES_LIMIT:
                self.entries.clear()
                self.bytes = 0
            self.entries[key] = (now, until, value)
            self.bytes += size
        return True

    def forget_here(self) -> None:
        with self.lock:
            self.generation += 1
            self.entries.clear()
            self.bytes = 0


recent = Recent()


def heard_by_this_process() -> bool:
    """Would this process hear another one forgetting? Always, with a per-process cache."""
    listen = getattr(cache, "listen", None)
    return listen is None or listen(CHANNEL, recent.forget_here).connected


def forget() -> None:
    """Every process's own copies go: something a reader can see has changed."""
    recent.forget_here()
    publish = getattr(cache, "publish", None)
    if publish is not None:
        publish(CHANNEL)
