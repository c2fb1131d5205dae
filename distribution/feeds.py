"""RSS 2.0 and Atom feeds: the latest stories, and each tag's and author's.

Every entry carries the headline, link, standfirst as summary, the full
sanitised body (RSS ``content:encoded``, Atom ``content``), one author
element per bylined name (or the free-text byline), publication and update
times and the tags as categories. Entry ids are the article's ninjs uri
(``urn:uuid:…``), so a changed slug never makes a reader show a story twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from articles.models import Article, ArticleQuerySet, Author, Dateline, Tag
from reader.site import absolute_url

from .facts import absolute_body, byline_names, modified_at
from .ninjs import article_uri

FEED_SIZE = 20
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
RSS_CONTENT = "http://purl.org/rss/1.0/modules/content/"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``dc:creator`` per author and the body in ``content:encoded``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE, "xmlns:content": RSS_CONTENT}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])


class NewsAtomFeed(Atom1Feed):
    """Atom with one ``author`` per name and the body as HTML ``content``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass(frozen=True)
class Channel:
    """What a feed is about: its title, description, page and stories."""

    title: str
    description: str
    link: str
    articles: ArticleQuerySet


class LatestArticlesFeed(Feed):
    """The newest published stories, as RSS; subclasses narrow ``channel``."""

    feed_type: type[SyndicationFeed] = NewsRssFeed
    # Addresses come from the site's configured origin (reader.site), so
    # Django's Host-based ``add_domain`` leaves them as they are.
    url_name = "distribution:latest-rss"

    def channel(self, section: Any) -> Channel:
        site = settings.NEWSROOM_SITE_NAME
        return Channel(
            title=site,
            description=f"The latest stories from {site}.",
            link=reverse("articles:front"),
            articles=Article.objects.published(),
        )

    def title(self, section=None) -> str:
        return self.channel(section).title

    def description(self, section=None) -> str:
        return self.channel(section).description

    def subtitle(self, section=None) -> str:
        return self.description(section)

    def link(self, section=None) -> str:
        return absolute_url(self.channel(section).link)

    def feed_url(self, section=None) -> str:
        kwargs = {"slug": section.slug} if section is not None else {}
        return absolute_url(reverse(self.url_name, kwargs=kwargs))

    def item_link(self, article: Article) -> str:
        return absolute_url(article.get_absolute_url())

    def items(self, section=None):
        return self.channel(section).articles.for_listing()[:FEED_SIZE]

    def item_title(self, article: Article) -> str:
        return article.headline

    def item_description(self, article: Article) -> str:
        # Both formats read the summary as HTML: the plain standfirst is escaped.
        return escape(article.standfirst)

    def item_guid(self, article: Article) -> str:
        return article_uri(article)

    item_guid_is_permalink = False

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return modified_at(article)

    def item_categories(self, article: Article) -> list[str]:
        return [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article: Article) -> dict:
        return {
            "authors": byline_names(article),
            "content": absolute_body(str(article.body_with_dateline())),
        }


class SectionFeed(LatestArticlesFeed):
    """The stories of one tag or author, found by the slug in the address."""

    model: type[Tag] | type[Author] | type[Dateline]
    lookup: str  # how an article names its section, e.g. "tags"
    # The channel description, with {name} and {site}.
    about: str

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model, slug=slug)

    def channel(self, section: Tag | Author | Dateline) -> Channel:
        site = settings.NEWSROOM_SITE_NAME
        return Channel(
            title=f"{section.name} | {site}",
            description=self.about.format(name=section.name, site=site),
            link=section.get_absolute_url(),
            articles=Article.objects.published().filter(**{self.lookup: section}),
        )


class TagFeed(SectionFeed):
    url_name = "distribution:tag-rss"
    model = Tag
    lookup = "tags"
    about = "The latest stories on {name} from {site}."


class AuthorFeed(SectionFeed):
    url_name = "distribution:author-rss"
    model = Author
    lookup = "authors"
    about = "The latest stories by {name} in {site}."


class DatelineFeed(SectionFeed):
    url_name = "distribution:dateline-rss"
    model = Dateline
    lookup = "dateline"
    about = "The latest stories from {name} in {site}."


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = NewsAtomFeed
    url_name = "distribution:latest-atom"


class TagAtomFeed(TagFeed):
    feed_type = NewsAtomFeed
    url_name = "distribution:tag-atom"


class AuthorAtomFeed(AuthorFeed):
    feed_type = NewsAtomFeed
    url_name = "distribution:author-atom"


class DatelineAtomFeed(DatelineFeed):
    feed_type = NewsAtomFeed
    url_name = "distribution:dateline-atom"
