"""What the top banner shows to this reader right now.

Worked out once per request (one indexed query) and shared by the page cache
and the template, so a cached page is always keyed by the same facts it was
rendered from: the newsroom's date, the current announcement and whether this
reader closed it.
"""

import datetime
import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from django.http import HttpRequest
from django.utils import timezone

from .models import Announcement

BANNER_CLOSED_COOKIE = "banner_closed"
# The key closed when no announcement is up: the date-only banner.
NO_ANNOUNCEMENT_KEY = "date"
VALID_KEY = re.compile(r"^(date|a[0-9]{1,18})$")


@dataclass(frozen=True)
class BannerState:
    today: datetime.date
    announcement: Announcement | None
    closed: bool

    @property
    def key(self) -> str:
        return self.announcement.banner_key if self.announcement else NO_ANNOUNCEMENT_KEY


# Worked out once per request, shared by the page cache and the template.
_STATE_OF_REQUEST: WeakKeyDictionary[HttpRequest, BannerState] = WeakKeyDictionary()


def banner_state(request: HttpRequest) -> BannerState:
    cached = _STATE_OF_REQUEST.get(request)
    if cached is not None:
        return cached
    announcement = Announcement.objects.current().first()
    key = announcement.banner_key if announcement else NO_ANNOUNCEMENT_KEY
    state = BannerState(
        today=timezone.localdate(),
        announcement=announcement,
        closed=request.COOKIES.get(BANNER_CLOSED_COOKIE) == key,
    )
    _STATE_OF_REQUEST[request] = state
    return state
