"""What the top banner shows to this reader right now, known without a query.

The current announcement is kept in the shared cache as a ``BannerRecord``:
its fields, a version that changes with any edit, and the moment the record
stops being true by the clock (a scheduled announcement starting, the
current one ending). Saving or deleting an announcement rewrites the record
at once; reading it when it is missing or past its moment asks the database
once. So a page served from the page cache learns the banner's state from
the same cache read that fetches the page, and a rendered page from the
record it is then keyed by.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from django.core.cache import cache
from django.db.models import Min
from django.http import HttpRequest
from django.utils import timezone

from .models import Announcement

BANNER_CLOSED_COOKIE = "banner_closed"
# The key closed when no announcement is up: the date-only banner.
NO_ANNOUNCEMENT_KEY = "date"
VALID_KEY = re.compile(r"^(date|a[0-9]{1,18})$")
RECORD_CACHE_KEY = "banner:current"
# The fields a banner shows, copied into the record.
SHOWN_FIELDS = ("id", "message", "link", "style", "starts_at", "ends_at", "is_active")


@dataclass(frozen=True)
class BannerRecord:
    """The current announcement as the cache keeps it."""

    fields: dict | None
    version: str
    # True from when it was read until the clock could change it.
    read_at: datetime.datetime
    valid_until: datetime.datetime | None

    @property
    def key(self) -> str:
        """What a reader's Close cookie holds for this banner."""
        announcement = self.announcement()
        return announcement.banner_key if announcement else NO_ANNOUNCEMENT_KEY

    def announcement(self) -> Announcement | None:
        return Announcement(**self.fields) if self.fields else None

    def still_true(self, now: datetime.datetime) -> bool:
        return self.read_at <= now and (self.valid_until is None or now < self.valid_until)


def _version(fields: dict | None) -> str:
    return hashlib.sha256(repr(sorted((fields or {}).items())).encode()).hexdigest()[:16]


def no_announcement_record() -> BannerRecord:
    """The banner of a newsroom with no announcements at all (a new database)."""
    return BannerRecord(
        fields=None, version=_version(None), read_at=timezone.now(), valid_until=None
    )


def record_from_database(now: datetime.datetime | None = None) -> BannerRecord:
    """Read the current announcement and when that could change by the clock."""
    now = now or timezone.now()
    current = Announcement.objects.current(now).first()
    upcoming = Announcement.objects.filter(is_active=True, starts_at__gt=now).aggregate(
        next_start=Min("starts_at")
    )["next_start"]
    moments = [moment for moment in (upcoming, current.ends_at if current else None) if moment]
    fields = {name: getattr(current, name) for name in SHOWN_FIELDS} if current else None
    return BannerRecord(
        fields=fields, version=_version(fields), read_at=now, valid_until=min(moments, default=None)
    )


def refresh_record() -> BannerRecord:
    """Store the banner as it is now; called whenever an announcement changes."""
    record = record_from_database()
    cache.set(RECORD_CACHE_KEY, record, timeout=None)
    return record


def current_record(cached: BannerRecord | None = None) -> BannerRecord:
    """The banner now: ``cached`` (or the cache's copy) while still true, else refreshed."""
    record = cached if cached is not None else cache.get(RECORD_CACHE_KEY)
    if record is None or not record.still_true(timezone.now()):
        record = refresh_record()
    return record


@dataclass(frozen=True)
class BannerState:
    today: datetime.date
    record: BannerRecord
    closed: bool

    @property
    def key(self) -> str:
        return self.record.key

    @property
    def announcement(self) -> Announcement | None:
        return self.record.announcement()


def closed_by(request: HttpRequest, record: BannerRecord) -> bool:
    """Did this reader close the banner that is up now?"""
    return request.COOKIES.get(BANNER_CLOSED_COOKIE) == record.key


# Worked out once per request, shared by the page cache and the template.
_STATE_OF_REQUEST: WeakKeyDictionary[HttpRequest, BannerState] = WeakKeyDictionary()


def banner_state(request: HttpRequest, record: BannerRecord | None = None) -> BannerState:
    cached = _STATE_OF_REQUEST.get(request)
    if cached is not None:
        return cached
    record = current_record(record)
    state = BannerState(
        today=timezone.localdate(), record=record, closed=closed_by(request, record)
    )
    _STATE_OF_REQUEST[request] = state
    return state
