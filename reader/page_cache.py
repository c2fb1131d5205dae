"""Whole-page caching for the reader's site, correct to the minute.

A public page is rendered once and served from Django's cache (Redis when
``REDIS_URL`` is set) to every reader who would see the same thing. The key
holds everything the page depends on besides its address:

- the newsroom's date, so a page cached at 23:59 is never served after
  midnight (and entries expire at the next newsroom midnight anyway);
- the banner: which announcement is current and whether this reader closed
  it (the announcement is looked up per request, so a new one shows at once);
- the content version, renewed whenever editors save anything a page shows.

Responses also carry ``Cache-Control`` for shared caches and an ``ETag`` so
browsers revalidate cheaply; ``Vary: Cookie`` because the banner depends on
the Close cookie.
"""

import datetime
import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag

from articles.models import Article, scheduled_q
from banners.state import banner_state

CONTENT_VERSION_KEY = "page-cache:content-version"


def content_version() -> str:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(CONTENT_VERSION_KEY, version, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY, version)
    return version


READER_CONTENT_APPS = {"articles", "banners", "images"}


def renew_content_version() -> None:
    """Make every cached page stale: something a reader sees has changed.

    A random token rather than a counter, so two processes (or a cache that
    outlived a database reset) can never reuse an old page's key.
    """
    cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def renew_on_reader_content_change(sender, **_signal_kwargs) -> None:
    """Signal receiver: a saved or deleted row of the reader-facing apps."""
    if sender._meta.app_label in READER_CONTENT_APPS:
        renew_content_version()


def seconds_until_newsroom_midnight(now: datetime.datetime | None = None) -> int:
    local_now = timezone.localtime(now or timezone.now())
    tomorrow = local_now.date() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=local_now.tzinfo)
    # Aware arithmetic across a DST change: compare instants, not wall clocks.
    return max(1, int((midnight - local_now).total_seconds()))


def seconds_until_next_scheduled_story(now: datetime.datetime) -> int | None:
    """When the next scheduled story goes live, so no page outlives that moment.

    Scheduling is a save (which renews every page), but going live is not: it
    happens by the clock, so the cache lifetime must stop there.
    """
    next_time = Article.objects.filter(scheduled_q(now=now)).aggregate(
        next_time=Min("published_at")
    )["next_time"]
    return None if next_time is None else max(1, int((next_time - now).total_seconds()) + 1)


def page_lifetime() -> int:
    now = timezone.now()
    limits = [settings.NEWSROOM_PAGE_CACHE_SECONDS, seconds_until_newsroom_midnight(now)]
    scheduled = seconds_until_next_scheduled_story(now)
    if scheduled is not None:
        limits.append(scheduled)
    return min(limits)


def page_cache_key(request: HttpRequest) -> str:
    state = banner_state(request)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    closed = "closed" if state.closed else "open"
    return (
        f"page:{content_version()}:{state.today.isoformat()}:{state.key}:{closed}:"
        f"{settings.TIME_ZONE}:{address}"
    )


def cache_public_page(view):
    """Serve the view from the page cache; cache its successful GET responses."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_cache_key(request)
        stored = cache.get(key)
        # The stored expiry is checked too: the page must not outlive its
        # moment even where the cache's own clock says otherwise.
        if stored is None or stored[3] <= timezone.now():
            lifetime = page_lifetime()
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code != 200 or response.cookies:
                return response
            set_response_etag(response)
            expires = timezone.now() + datetime.timedelta(seconds=lifetime)
            stored = (response.content, response["Content-Type"], response["ETag"], expires)
            cache.set(key, stored, timeout=lifetime)
        content, content_type, etag, expires = stored
        lifetime = max(0, int((expires - timezone.now()).total_seconds()))
        not_modified = get_conditional_response(request, etag=etag)
        response = not_modified or HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        # Browsers always revalidate (the banner can change with a cookie);
        # shared caches may keep it as long as we do.
        response["Cache-Control"] = f"public, max-age=0, s-maxage={lifetime}"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
