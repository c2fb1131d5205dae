"""Addresses for machines: feeds, sitemaps, robots.txt and the ninjs API."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from reader.page_cache.policy import cache_public_page, section_tokens, story_tokens

from . import api, feeds, sitemaps

app_name = "distribution"

# Feeds, sitemaps and the API are public pages too (no banner): served from
# the page cache and renewed with the stories they list.
latest = cache_public_page(shows_banner=False)


def of_section(kind: str):
    return cache_public_page(tokens=section_tokens(kind), shows_banner=False)


urlpatterns = [
    path("feeds/rss/", latest(feeds.LatestArticlesFeed()), name="latest-rss"),
    path("feeds/atom/", latest(feeds.LatestArticlesAtomFeed()), name="latest-atom"),
    path("tags/<slug:slug>/rss/", of_section("tag")(feeds.TagFeed()), name="tag-rss"),
    path("tags/<slug:slug>/atom/", of_section("tag")(feeds.TagAtomFeed()), name="tag-atom"),
    path("authors/<slug:slug>/rss/", of_section("author")(feeds.AuthorFeed()), name="author-rss"),
    path(
        "authors/<slug:slug>/atom/",
        of_section("author")(feeds.AuthorAtomFeed()),
        name="author-atom",
    ),
    path(
        "datelines/<slug:slug>/rss/",
        of_section("dateline")(feeds.DatelineFeed()),
        name="dateline-rss",
    ),
    path(
        "datelines/<slug:slug>/atom/",
        of_section("dateline")(feeds.DatelineAtomFeed()),
        name="dateline-atom",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        latest(sitemaps.sitemap_index),
        name="sitemap-index",
    ),
    path(
        "sitemap-news.xml",
        latest(sitemap_views.sitemap),
        {
            "sitemaps": {"news": sitemaps.NewsSitemap},
            "template_name": "distribution/news_sitemap.xml",
        },
        name="sitemap-news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        cache_public_page(params=["p"], shows_banner=False)(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "distribution/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "api/ninjs/articles/",
        cache_public_page(params=["since", "cursor"], shows_banner=False)(api.article_list),
        name="ninjs-list",
    ),
    path(
        "api/ninjs/articles/<uuid:public_id>/",
        cache_public_page(tokens=story_tokens, shows_banner=False)(api.article_detail),
        name="ninjs-detail",
    ),
]
