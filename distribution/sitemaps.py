"""Sitemaps for search engines, a Google News sitemap, and robots.txt.

``/sitemap.xml`` is an index of paginated sections (articles, authors, tags,
datelines: 5,000 addresses a page, so 100,000 articles are 20 small pages)
and the news sitemap. Everything listed comes from
``Article.objects.published()``, so a scheduled story appears from its
publication time, and a withdrawn one disappears. Each page is one query (a
slice of the section, never counted: ``UncountedPaginator``), fetching only
the fields its addresses need. The index counts each section's entries and
reads its newest change from the ends of two indexes (``newest_change``);
it never works out every section's own newest change, which only the
section's pages show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.models import Article, Author, Dateline, Tag
from reader.site import absolute_url, site_scheme_and_host

from .facts import article_language, modified_at, modified_expression

ADDRESSES_PER_PAGE = 5_000
# Google News reads only stories published in the last two days, 1,000 at most.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1_000


class UncountedPaginator(Paginator):
    """Page N of a sitemap as one slice: an empty page past the first is a 404.

    Django's paginator counts the whole section before every page; here only
    the index (``sitemap_index``, through ``num_pages``) counts, and it
    counts ``counted``: the same rows without what only a page shows (a
    section's newest change).
    """

    def __init__(self, object_list, per_page, *, counted=None):
        super().__init__(object_list, per_page)
        self.counted = object_list if counted is None else counted

    @cached_property
    def count(self) -> int:
        return self.counted.count()

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("That page number is not an integer") from exc
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if number > 1 and not rows:
            raise EmptyPage("That page contains no results")
        return Page(rows, number, self)


class SiteSitemap(Sitemap):
    """Addresses on the site's configured origin, never the request's Host."""

    @property
    def paginator(self) -> Paginator:
        """Pages without a count; the index still asks it for ``num_pages``."""
        # Django's own (undocumented) hook that the stubs leave out.
        items = self._items()  # type: ignore[attr-defined]
        return UncountedPaginator(items, self.limit, counted=self.counted())

    def counted(self):
        """What the index counts to know how many pages there are."""
        return self.items()

    def get_protocol(self, protocol=None) -> str:
        return site_scheme_and_host()[0]

    def get_domain(self, site=None) -> str:
        return site_scheme_and_host()[1]


class ArticleSitemap(SiteSitemap):
    limit = ADDRESSES_PER_PAGE

    def items(self):
        # Oldest first: old pages keep their addresses, so their lastmod holds.
        return (
            Article.objects.published()
            .only("slug", "publication_date", "published_at", "updated_at")
            .order_by("published_at", "pk")
        )

    def lastmod(self, article: Article):
        return modified_at(article)

    def get_latest_lastmod(self):
        return newest_change(Article.objects.published())


def newest_change(stories: QuerySet) -> datetime | None:
    """The newest ``modified_at`` among ``stories``: the newest edit or the
    newest publication, each the first row of an index read backwards until
    a story matches, rather than the greatest of the two over every story."""
    newest = (
        stories.order_by(f"-{field}").values_list(field, flat=True).first()
        for field in ("updated_at", "published_at")
    )
    return max(filter(None, newest), default=None)


class SectionSitemap(SiteSitemap):
    """Author, tag or dateline pages that list at least one published story."""

    limit = ADDRESSES_PER_PAGE
    model: type[Author] | type[Tag] | type[Dateline]
    # The story's field naming sections of this kind.
    stories_field: str

    def items(self):
        # Filtering before annotating makes the Max see only published stories.
        return (
            self.model.objects.filter(articles__in=Article.objects.published())
            .annotate(lastmod=Max(modified_expression("articles__")))
            .only("slug")
            .order_by("pk")
        )

    def lastmod(self, section):
        return section.lastmod

    def counted(self):
        """The sections listed, found without each one's newest change: one
        published story each, not all of them.

        A scalar subquery with a limit, not ``EXISTS``: PostgreSQL turns an
        ``EXISTS`` into a join of every story with every link (100 ms at
        100,000 stories), where this looks up each section's first story.
        """
        filed = Article.objects.published().filter(**{self.stories_field: OuterRef("pk")})
        first = Subquery(filed.order_by().values("pk")[:1])  # any one, not the newest
        return self.model.objects.alias(first_story=first).filter(first_story__isnull=False)

    def get_latest_lastmod(self):
        # The newest change among the sections' newest changes is the newest
        # change of any published story filed under one of them.
        filed = Article.objects.published().filter(**{f"{self.stories_field}__isnull": False})
        return newest_change(filed)


class AuthorSitemap(SectionSitemap):
    model = Author
    stories_field = "authors"


class TagSitemap(SectionSitemap):
    model = Tag
    stories_field = "tags"


class DatelineSitemap(SectionSitemap):
    model = Dateline
    stories_field = "dateline"


def google_news_language(article: Article) -> str:
    """ISO 639 as Google News wants it: ``en``, ``sv``; ``zh-cn``/``zh-tw`` for Chinese."""
    tag = article_language(article).lower()
    if tag.startswith("zh"):
        return "zh-tw" if tag in {"zh-tw", "zh-hant", "zh-hk"} else "zh-cn"
    return tag.split("-")[0]


class NewsSitemap(SiteSitemap):
    """Stories published in the last 48 hours, with their Google News details."""

    limit = NEWS_LIMIT

    def items(self):
        recent = Article.objects.published().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        return recent.only(
            "headline", "slug", "publication_date", "published_at", "updated_at", "language"
        ).order_by("-published_at", "-pk")

    def lastmod(self, article: Article):
        return modified_at(article)

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(modified_expression()))["latest"]

    def _urls(self, page, protocol, domain):
        # Django's own (undocumented) hook that the stubs leave out.
        urls = super()._urls(page, protocol, domain)  # type: ignore[misc]
        for url in urls:
            url["news_language"] = google_news_language(url["item"])
        return urls


SITEMAPS = {
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "datelines": DatelineSitemap,
    "news": NewsSitemap,
}


@dataclass(frozen=True)
class IndexEntry:
    location: str
    last_mod: datetime | None


@x_robots_tag
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """``/sitemap.xml``: each section and each of its pages, with its newest change.

    Django's own index builds addresses from the request's Host; these come
    from the site's configured origin, like every other absolute URL.
    """
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(
            reverse("distribution:sitemap-section", kwargs={"section": section})
        )
        lastmod = sitemap.get_latest_lastmod()
        entries.append(IndexEntry(location, lastmod))
        entries += [
            IndexEntry(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request,
        "distribution/sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )


# Paths no crawler should follow. Share links (/preview/<token>/) are
# private by nature and the admin's own previews live under /admin/; search
# results are endless and thin; the admin is for the desk.
ROBOTS_DISALLOW = ["/admin/", "/preview/", "/search/"]


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines += [
        f"Sitemap: {absolute_url(reverse(name))}"
        for name in ("distribution:sitemap-index", "distribution:sitemap-news")
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
