"""The root URLconf: where each app's addresses are mounted.

The one place that composes apps: the desk's share-link address joins the
reader's ``articles`` namespace here, so neither app imports the other.
"""

from django.contrib import admin
from django.urls import include, path

from accounts import urls as accounts_urls
from desk.urls import share_link_patterns
from reader import urls as reader_urls

urlpatterns = [
    path("admin/", admin.site.urls),
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
