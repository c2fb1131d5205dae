"""The root URLconf: where each app's addresses are mounted.

The one place that composes apps: the desk's share-link address joins the
reader's ``articles`` namespace here, so neither app imports the other.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_control, cache_page
from django.views.i18n import JavaScriptCatalog

from accounts import urls as accounts_urls
from desk.urls import share_link_patterns
from reader import urls as reader_urls


def _catalog_fingerprint() -> str:
    """Names the compiled JavaScript catalogs as deployed: new ones, a new cache key."""
    files = sorted(
        mo for folder in settings.LOCALE_PATHS for mo in Path(folder).glob("*/*/djangojs.mo")
    )
    return hashlib.sha256(b"".join(mo.read_bytes() for mo in files)).hexdigest()[:12]


# The words of the site's own scripts (live.js, the desk's) in the site's one
# language: a script from our own origin, so both Content-Security-Policies
# allow it. Only the project's catalog (locale/, always included) and those
# apps' own: the admin's scripts load the admin's catalog themselves. The
# same for every reader, so public for an hour, and rendered once an hour.
CATALOG_SECONDS = 60 * 60
javascript_catalog = cache_page(CATALOG_SECONDS, key_prefix=f"jsi18n:{_catalog_fingerprint()}")(
    cache_control(public=True, max_age=CATALOG_SECONDS)(
        JavaScriptCatalog.as_view(packages=["desk", "images", "reader"])
    )
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("jsi18n/", javascript_catalog, name="jsi18n"),
    path("accounts/", include(accounts_urls)),
    path("banner/", include("banners.urls")),
    path("", include("distribution.urls")),
    path("", include("images.urls")),
    path("", include((share_link_patterns + reader_urls.urlpatterns, reader_urls.app_name))),
]

# Oversized or malformed requests: a page that says what was wrong.
handler400 = "newsroom.errors.bad_request"
# An unreachable database is a 503 with Retry-After, not a 500 (newsroom/outage.py).
handler500 = "newsroom.outage.server_error"
# A refusal inside the desk keeps the desk's look (desk/errors.py).
handler403 = "desk.errors.permission_denied"
