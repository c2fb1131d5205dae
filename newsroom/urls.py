from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Newsroom editorial desk"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("tinymce/", include("tinymce.urls")),
    path("banner/", include("banners.urls")),
    path("", include("articles.distribution_urls")),
    path("", include("images.urls")),
    path("", include("articles.urls")),
]
