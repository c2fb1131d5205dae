"""Addresses for machines: feeds, sitemaps, robots.txt and the ninjs API."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import api, feeds, sitemaps

app_name = "distribution"

urlpatterns = [
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="latest-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="latest-atom"),
    path("tags/<slug:slug>/rss/", feeds.TagFeed(), name="tag-rss"),
    path("tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag-atom"),
    path("authors/<slug:slug>/rss/", feeds.AuthorFeed(), name="author-rss"),
    path("authors/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author-atom"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {
            "sitemaps": sitemaps.SITEMAPS,
            "sitemap_url_name": "distribution:sitemap-section",
            "template_name": "distribution/sitemap_index.xml",
        },
        name="sitemap-index",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {
            "sitemaps": {"news": sitemaps.NewsSitemap},
            "template_name": "distribution/news_sitemap.xml",
        },
        name="sitemap-news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "distribution/sitemap.xml"},
        name="sitemap-section",
    ),
    path("api/ninjs/articles/", api.article_list, name="ninjs-list"),
    path("api/ninjs/articles/<uuid:public_id>/", api.article_detail, name="ninjs-detail"),
]
