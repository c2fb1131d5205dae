"""Serve public pages from the shared cache before anything else runs.

Placed right after the security middleware (so every response, a cache hit
too, carries the security headers) and before sessions, authentication,
CSRF and messages: a hit costs one cache read and no database query,
whatever cookies the reader sends. Public pages hold nothing personal; only
the banner's Close cookie picks between two copies of a page.

When a page must be rendered, one request renders it while the others are
given the previous copy (a short lock in the shared cache), so a hot page
expiring under load is rendered once, not once per waiting reader. A page
from before a withdrawal or from yesterday is never given out: those
requests wait briefly for the new copy instead.

A fresh page is also kept in the process's own memory under the address
as asked, and answered from there before the URL is even resolved, with no
round trip to the shared cache (``local``: forgotten in every process when
what it shows changes).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.http import urlencode

from banners.state import BannerRecord, current_record

from ..db_router import reading_public_page
from .entries import Entry, Lookup, Verdict, finish, respond
from .local import KEEP_IN_PROCESS, recent
from .policy import PagePolicy, policy_of
from .tokens import catch_up_with_the_clock

# How long a renderer may hold a page's lock, and how long (and how often)
# the others wait for its copy when there is no older one to give them.
LOCK_SECONDS = 10
WAIT_SECONDS = 3.0
WAIT_STEP = 0.02
# The database is not there (refused, restarting, connection dropped), as
# opposed to a bug in a query: readers get the page's last copy.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
OUTAGE_MARK = "_page_cache_database_unavailable"
# What a rendered response was stored as (kept in this process's memory too).
STORED_ENTRY = "_page_cache_entry"


def strip_query(request: HttpRequest, policy: PagePolicy) -> None:
    """Keep only the query parameters the view reads, in a stable order."""
    kept = urlencode(
        [(name, value) for name in policy.params for value in request.GET.getlist(name)]
    )
    request.GET = QueryDict(kept)
    request.META["QUERY_STRING"] = kept


def kept_in_process(response: HttpResponse, entry: Entry, until: float | None) -> HttpResponse:
    """Say until when the finished response may be kept in front of Django too."""
    if until is not None:
        setattr(response, KEEP_IN_PROCESS, (until, entry))
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.NEWSROOM_PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        address = request.get_full_path()
        local_key = recent.key_for(request, address)
        kept = recent.get(local_key)
        if kept is not None:  # served a moment ago, and nothing it shows has changed
            entry, policy, until = kept
            return kept_in_process(respond(request, policy, entry, outcome="HIT"), entry, until)
        generation = recent.generation
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        policy = policy_of(match.func)
        if policy is None:
            return self.get_response(request)
        strip_query(request, policy)
        lookup = Lookup(request, policy, match.kwargs)
        lookup.read(cache.get_many(lookup.keys()))
        try:
            banner = self._bring_up_to_date(lookup)
        except DATABASE_UNAVAILABLE:
            # The database went away before anything rendered: the last copy,
            # if there is one that may still be given out (else the 503).
            banner = lookup.banner
            last = lookup.last_copy(lookup.values.get(lookup.entry_key(banner)), banner)
            if last is None:
                raise
            return lookup.respond_last_copy(last)
        key = lookup.entry_key(banner)
        entry = lookup.values.get(key)
        verdict = lookup.judge(entry, banner)
        if verdict is Verdict.FRESH and entry is not None:
            until = lookup.true_until(entry, banner)
            kept = recent.keep(local_key, entry, policy, until=until, generation=generation)
            return kept_in_process(lookup.respond(entry, outcome="HIT"), entry, kept)

        if settings.NEWSROOM_PAGE_CACHE_LOCK and not cache.add(
            lookup.lock_key, 1, timeout=LOCK_SECONDS
        ):
            if verdict is Verdict.STALE and entry is not None:
                return lookup.respond(entry, outcome="HIT")
            waited = self._wait_for_copy(lookup, key, banner)
            if waited is not None:
                return lookup.respond(waited, outcome="HIT")
            return self._render(request, lookup, key, banner, locked=False)
        response = self._render(
            request, lookup, key, banner, locked=settings.NEWSROOM_PAGE_CACHE_LOCK
        )
        stored = getattr(response, STORED_ENTRY, None)
        if stored is not None:
            until = lookup.true_until(stored, banner)
            kept = recent.keep(local_key, stored, policy, until=until, generation=generation)
            kept_in_process(response, stored, kept)
        return response

    @staticmethod
    def _bring_up_to_date(lookup: Lookup) -> BannerRecord | None:
        """Release stories that came due, and know the banner: may need the database."""
        if catch_up_with_the_clock(lookup.due):
            lookup.read(cache.get_many(lookup.keys()))
        return current_record(lookup.banner) if lookup.policy.shows_banner else None

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """Note a database outage while a public page rendered (the 503 is the
        project's handler500; ``_render`` then gives the last copy instead)."""
        if isinstance(exception, DATABASE_UNAVAILABLE):
            setattr(request, OUTAGE_MARK, True)

    def _render(self, request, lookup: Lookup, key: str, banner, *, locked: bool) -> HttpResponse:
        # Rendered from the read replica, unless what it shows has just changed.
        just_changed = lookup.renewed_within(settings.NEWSROOM_REPLICA_LAG_SECONDS)
        try:
            with reading_public_page(allowed=not just_changed):
                response = self.get_response(request)
            if getattr(request, OUTAGE_MARK, False):
                last = lookup.last_copy(lookup.values.get(key), banner)
                return lookup.respond_last_copy(last) if last is not None else response
            if response.status_code != 200 or response.cookies or response.streaming:
                response["X-Cache"] = "MISS"
                return response
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            lifetime = settings.NEWSROOM_PAGE_CACHE_SECONDS
            entry = lookup.entry_from(response, banner=banner, lifetime=lifetime)
            cache.set(key, entry, timeout=lifetime + settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS)
            setattr(response, STORED_ENTRY, entry)
            return finish(response, entry, outcome="MISS", policy=lookup.policy)
        finally:
            if locked:
                cache.delete(lookup.lock_key)

    @staticmethod
    def _wait_for_copy(lookup: Lookup, key: str, banner) -> Entry | None:
        """Another request is rendering this page: wait a moment for its copy."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            lookup.read(cache.get_many(lookup.keys()))
            entry = lookup.values.get(key)
            if lookup.judge(entry, banner) is Verdict.FRESH:
                return entry
            if not cache.get(lookup.lock_key):
                return None
        return None
