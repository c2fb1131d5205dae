"""A cached page: what is stored, under which key, and whether it may still be served.

One cache read (``Lookup.keys``: the page in both banner variants, the
tokens it depends on, the kill token, the banner record and the next due
time) tells everything: the page is *fresh* (serve it), *stale* (its
content changed or its time ran out: serve it only while someone else
renders the new one) or *unusable* (yesterday's, or from before a kill).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe

from banners.state import BANNER_CLOSED_COOKIE, RECORD_CACHE_KEY, VALID_KEY, BannerRecord

from .policy import PagePolicy
from .tokens import DUE_KEY, KILL_KEY, renewed_since, token_key

# Response headers that belong to one response, not to the stored page.
NOT_STORED = {
    "cache-control",
    "content-length",
    "date",
    "etag",
    "expires",
    "set-cookie",
    "vary",
    "x-cache",
}


class Verdict(enum.Enum):
    FRESH = "fresh"
    STALE = "stale"
    UNUSABLE = "unusable"


@dataclass
class Entry:
    status: int
    body: bytes
    headers: list[tuple[str, str]]
    etag: str
    tokens: dict[str, Any]  # token -> its version when rendered
    kill: Any
    banner_version: str | None
    day: datetime.date
    fresh_until: float  # POSIX time
    shared_until: float  # what shared caches may keep it for (midnight, next due)


_S_MAXAGE = re.compile(r"s-maxage=(\d+)")


def _view_s_maxage(response: HttpResponse) -> int | None:
    """The ``s-maxage`` the view set itself, if any (the header is rewritten on the way out)."""
    match = _S_MAXAGE.search(response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


def seconds_until_newsroom_midnight(now: datetime.datetime | None = None) -> int:
    local_now = timezone.localtime(now or timezone.now())
    tomorrow = local_now.date() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=local_now.tzinfo)
    # Aware arithmetic across a DST change: compare instants, not wall clocks.
    return max(1, int((midnight - local_now).total_seconds()))


class Lookup:
    """Everything about one request that decides which cached page fits it."""

    def __init__(self, request: HttpRequest, policy: PagePolicy, kwargs: dict[str, Any]):
        self.request = request
        self.policy = policy
        self.tokens = policy.tokens_for(kwargs)
        address = f"{settings.LANGUAGE_CODE}|{request.path}?{request.META.get('QUERY_STRING', '')}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        self.open_key = f"pc:e:{digest}"
        self.closed_key = f"pc:e:{digest}:closed"
        self.lock_key = f"pc:l:{digest}"
        cookie = request.COOKIES.get(BANNER_CLOSED_COOKIE, "")
        self.may_be_closed = policy.shows_banner and bool(VALID_KEY.match(cookie))
        self.values: dict[str, Any] = {}

    def keys(self) -> list[str]:
        keys = [self.open_key, KILL_KEY, DUE_KEY, *map(token_key, self.tokens)]
        if self.policy.shows_banner:
            keys.append(RECORD_CACHE_KEY)
        if self.may_be_closed:
            keys.append(self.closed_key)
        return keys

    def read(self, values: dict[str, Any]) -> None:
        self.values = values

    # --- What the cache said ------------------------------------------------
    @property
    def banner(self) -> BannerRecord | None:
        return self.values.get(RECORD_CACHE_KEY)

    @property
    def due(self) -> float | None:
        return self.values.get(DUE_KEY)

    def current_tokens(self) -> dict[str, Any]:
        return {token: self.values.get(token_key(token)) for token in self.tokens}

    def renewed_within(self, seconds: float) -> bool:
        """Did anything this page shows change in the last ``seconds``?"""
        versions = [*self.current_tokens().values(), self.values.get(KILL_KEY)]
        moments = [renewed_since(version) for version in versions]
        threshold = time.time() - seconds
        return any(moment is not None and moment > threshold for moment in moments)

    def banner_closed(self, banner: BannerRecord | None) -> bool:
        cookie = self.request.COOKIES.get(BANNER_CLOSED_COOKIE)
        return bool(self.may_be_closed and banner is not None and cookie == banner.key)

    def entry_key(self, banner: BannerRecord | None) -> str:
        return self.closed_key if self.banner_closed(banner) else self.open_key

    def judge(self, entry: Entry | None, banner: BannerRecord | None) -> Verdict:
        if (
            entry is None
            or entry.day != timezone.localdate()
            or entry.kill != self.values.get(KILL_KEY)
        ):
            return Verdict.UNUSABLE
        current_banner = banner.version if banner is not None else None
        if entry.tokens != self.current_tokens() or entry.banner_version != current_banner:
            return Verdict.STALE
        return Verdict.FRESH if time.time() < entry.fresh_until else Verdict.STALE

    def true_until(self, entry: Entry, banner: BannerRecord | None) -> float:
        """Until when a fresh ``entry`` stays true by the clock (POSIX time):
        its freshness, the banner's next change, the next story due."""
        moments = [entry.fresh_until]
        if self.policy.shows_banner and banner is not None and banner.valid_until is not None:
            moments.append(banner.valid_until.timestamp())
        if self.due:
            moments.append(self.due)
        return min(moments)

    def last_copy(self, entry: Entry | None, banner: BannerRecord | None) -> Entry | None:
        """The copy to give out while the database cannot render the page:
        stale is fine, yesterday's or one from before a withdrawal never."""
        return entry if self.judge(entry, banner) is not Verdict.UNUSABLE else None

    # --- Storing and serving ------------------------------------------------
    def entry_from(
        self, response: HttpResponse, *, banner: BannerRecord | None, lifetime: int
    ) -> Entry:
        """What to keep of a freshly rendered 200 response."""
        set_response_etag(response)
        now = time.time()
        until_midnight = seconds_until_newsroom_midnight()
        shared = min(lifetime, until_midnight)
        asked = _view_s_maxage(response)
        if asked is not None:
            # The view asks shared caches to keep it less (a live page, its updates).
            shared = min(shared, asked)
        if self.due:
            # Shared caches cannot know when a scheduled story goes live: stop
            # just after that moment.
            shared = min(shared, max(1, int(self.due - now) + 1))
        return Entry(
            status=response.status_code,
            body=response.content,
            headers=[
                (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
            ],
            etag=response["ETag"],
            tokens=self.current_tokens(),
            kill=self.values.get(KILL_KEY),
            banner_version=banner.version if banner is not None else None,
            day=timezone.localdate(),
            fresh_until=now + min(lifetime, until_midnight),
            shared_until=now + shared,
        )

    def respond(self, entry: Entry, *, outcome: str) -> HttpResponse:
        """The stored page for this request (a 304 when the browser has it)."""
        return respond(self.request, self.policy, entry, outcome=outcome)

    def respond_last_copy(self, entry: Entry) -> HttpResponse:
        """The last copy during a database outage: kept briefly, never past midnight."""
        response = self.respond(entry, outcome="STALE")
        seconds = min(settings.NEWSROOM_OUTAGE_MAX_AGE, seconds_until_newsroom_midnight())
        response["Cache-Control"] = f"public, max-age={seconds}, s-maxage={seconds}"
        return response


def respond(
    request: HttpRequest, policy: PagePolicy, entry: Entry, *, outcome: str
) -> HttpResponse:
    """The stored page for ``request`` (a 304 when the browser has it)."""
    last_modified = next(
        (value for name, value in entry.headers if name.lower() == "last-modified"), None
    )
    conditional = get_conditional_response(
        request,
        etag=entry.etag,
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
    )
    if conditional is not None:
        response: HttpResponse = conditional
    else:
        body = b"" if request.method == "HEAD" else entry.body
        response = HttpResponse(body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(entry.body))
    return finish(response, entry, outcome=outcome, policy=policy)


def finish(
    response: HttpResponse, entry: Entry, *, outcome: str, policy: PagePolicy
) -> HttpResponse:
    """The headers every response of the page cache carries."""
    if policy.shows_banner:
        # The Close cookie picks the banner's copy. Our own cache keys on that
        # cookie alone; a shared cache must do the same (deploy/nginx.conf) or
        # honour this header.
        patch_vary_headers(response, ["Cookie"])
    response["ETag"] = entry.etag
    shared_seconds = max(0, int(entry.shared_until - time.time()))
    # Browsers always revalidate (cheap, with the ETag); shared caches may
    # keep the page as long as we would.
    response["Cache-Control"] = f"public, max-age=0, s-maxage={shared_seconds}"
    response["X-Cache"] = outcome
    return response
