"""Renewing what cached pages depend on, when what readers see changes.

Each token's current version lives in the shared cache. A page stores the
versions it was rendered with; renewing a token (a new random version) makes
every page that depends on it render afresh on its next request. The
``kill`` token is different: a page rendered before it is never served
again, not even as a stale copy while a fresh one renders. A withdrawal is a
legal kill.

Going live by the clock (a scheduled story's time coming) is no write, so
the next such moment is kept in the cache too (``DUE_KEY``); the first
request after it renews what the stories that came due show.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from articles.models import Article, PublicFacts

from . import local
from .policy import path_token

VERSION_KEY_PREFIX = "pc:t:"
KILL_KEY = "pc:kill"
# The next time a scheduled story goes live, as a POSIX timestamp; 0 for none.
DUE_KEY = "pc:due"
DUE_LOCK_KEY = "pc:due-lock"


def token_key(token: str) -> str:
    return f"{VERSION_KEY_PREFIX}{token}"


def new_version() -> str:
    """Unique, and saying when it was made (``renewed_since`` reads that back)."""
    return f"{time.time():.3f}:{uuid.uuid4().hex}"


def renewed_since(version: str | None) -> float | None:
    """When a token's version was made; None for a missing or older-style one."""
    try:
        return float(version.split(":", 1)[0]) if version else None
    except ValueError:
        return None


def renew(tokens: Iterable[str]) -> None:
    """Every page that depends on one of ``tokens`` renders afresh when next asked for."""
    versions = {token_key(token): new_version() for token in set(tokens)}
    if versions:
        cache.set_many(versions, timeout=None)
        local.forget()


def kill() -> None:
    """No page rendered before now is served again, fresh or stale."""
    cache.set(KILL_KEY, new_version(), timeout=None)
    local.forget()


def after_cache_outage() -> None:
    """The shared cache is back after this process wrote past it (the cache
    backend's ``AFTER_OUTAGE``): a renewal or a withdrawal's kill may be
    missing from it, so no page cached before is served again."""
    kill()


def forget_pages() -> None:
    """Every cached page renders afresh when next asked for (tests, benchmarks)."""
    kill()


def tokens_of_story(facts: PublicFacts) -> set[str]:
    """Everything that shows a live story: its page, lists, sections, days, feeds, API."""
    tokens = {"latest", f"story:{facts.public_id}"}
    tokens |= {f"tag:{slug}" for slug in facts.tag_slugs}
    tokens |= {f"author:{slug}" for slug in facts.author_slugs}
    if facts.dateline_slug:
        tokens.add(f"dateline:{facts.dateline_slug}")
    day = facts.publication_date
    if day is not None:
        tokens.add(path_token(day, facts.slug))
        tokens |= {f"archive:{day:%Y}", f"archive:{day:%Y-%m}", f"archive:{day:%Y-%m-%d}"}
    return tokens


def renew_stories(stories: Iterable[PublicFacts]) -> None:
    renew(token for facts in stories for token in tokens_of_story(facts))


# --- Stories that go live by the clock ------------------------------------------
def next_due() -> datetime.datetime | None:
    return Article.objects.scheduled().aggregate(due=Min("published_at"))["due"]


def remember_next_due() -> float:
    due = next_due()
    stamp = due.timestamp() if due else 0.0
    before = cache.get(DUE_KEY)
    cache.set(DUE_KEY, stamp, timeout=None)
    if stamp and (not before or stamp < before):
        # Sooner than the processes' own copies were told to last.
        local.forget()
    return stamp


def release_due_stories(due_stamp: float) -> None:
    """Renew what shows the stories whose time has come since ``due_stamp``.

    One process does it (a short lock); the others carry on and see the
    renewed tokens on their next request.
    """
    if not cache.add(DUE_LOCK_KEY, 1, timeout=30):
        return
    try:
        since = datetime.datetime.fromtimestamp(due_stamp, tz=datetime.UTC)
        came_due = (
            Article.objects.published()
            .filter(published_at__gte=since - datetime.timedelta(seconds=1))
            .select_related("dateline")
            .prefetch_related("tags", "authors")
        )
        renew_stories(article.public_facts() for article in came_due)
        remember_next_due()
    finally:
        cache.delete(DUE_LOCK_KEY)


def catch_up_with_the_clock(due_stamp: float | None) -> bool:
    """Renew what shows the stories that came due since ``due_stamp`` (the
    cache's ``DUE_KEY``), as read by a request; True if that was done, so the
    tokens the request read may be out of date. An unknown due time (a new or
    emptied cache) is looked up and remembered."""
    if due_stamp is None:
        remember_next_due()
        return False
    if due_has_passed(due_stamp):
        release_due_stories(due_stamp)
        return True
    return False


def due_has_passed(due_stamp: float | None, now: datetime.datetime | None = None) -> bool:
    if not due_stamp:
        return False
    return due_stamp <= (now or timezone.now()).timestamp()
