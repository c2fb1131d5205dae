from django.conf import settings
from django.urls import path, re_path

from . import views

app_name = "images"

urlpatterns = [
    path("images/upload/", views.tinymce_upload, name="upload"),
    re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/(?P<name>images/[0-9a-z/._-]+)$",
        views.serve_media,
        name="media",
    ),
]
