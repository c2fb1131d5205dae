"""Addresses for machines: feeds, the ninjs API (sitemaps and robots.txt join them)."""

from django.urls import path

from . import api, feeds

app_name = "distribution"

urlpatterns = [
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="latest-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="latest-atom"),
    path("tags/<slug:slug>/rss/", feeds.TagFeed(), name="tag-rss"),
    path("tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag-atom"),
    path("authors/<slug:slug>/rss/", feeds.AuthorFeed(), name="author-rss"),
    path("authors/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author-atom"),
    path("api/ninjs/articles/", api.article_list, name="ninjs-list"),
    path("api/ninjs/articles/<uuid:public_id>/", api.article_detail, name="ninjs-detail"),
]
