"""Addresses for machines: the ninjs API (feeds, sitemaps and robots.txt join it)."""

from django.urls import path

from . import api

app_name = "distribution"

urlpatterns = [
    path("api/ninjs/articles/", api.article_list, name="ninjs-list"),
    path("api/ninjs/articles/<uuid:public_id>/", api.article_detail, name="ninjs-detail"),
]
