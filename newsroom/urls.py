"""The root URLconf: where each app's addresses are mounted.

The one place that composes apps: the desk's share-link address joins the
reader's ``articles`` namespace here, so neither app imports the other.
"""

from django.contrib import admin
from django.urls import include, path

from desk.urls import share_link_patterns
from reader import urls as reader_urls

admin.site.site_header = "Newsroom editorial desk"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Editorial desk"
# The list of every model beside every page costs the article list a third of
# a 1280 px screen; the desk's home and the breadcrumbs lead everywhere.
admin.site.enable_nav_sidebar = False

# A refusal inside the desk keeps the desk's look (desk/errors.py).
handler403 = "desk.errors.permission_denied"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("tinymce/", include("tinymce.urls")),
    path("banner/", include("banners.urls")),
    path("", include("distribution.urls")),
    path("", include("images.urls")),
    path("", include((share_link_patterns + reader_urls.urlpatterns, reader_urls.app_name))),
]
