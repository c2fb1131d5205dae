"""RSS 2.0 and Atom feeds: the latest stories, and each tag's and author's.

Every entry carries the headline, link, standfirst as summary, the full
sanitised body (RSS ``content:encoded``, Atom ``content``), one author
element per bylined name (or the free-text byline), publication and update
times and the tags as categories. A live story's updates have an Atom feed
of their own (``LiveUpdatesFeed``). Entry ids are the article's ninjs uri
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
from django.utils.functional import Promise
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext, gettext_lazy

from articles.models import Article, ArticleQuerySet, Author, Dateline, LiveUpdate, Tag
from reader.site import absolute_url

from .facts import absolute_body, byline_names, modified_at
from .ninjs import article_uri, live_update_uri

FEED_SIZE = 20
LIVE_FEED_SIZE = 50
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
RSS_CONTENT = "http://purl.org/rss/1.0/modules/content/"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``dc:creator`` per author and the body in ``content:encoded``.

    RSS readers take a title or description as HTML once the XML is decoded,
    so the channel's title and description and each item's title (plain text
    here: a tag may be named ``<script>…``) are HTML-escaped before the XML
    escapes them again; they read as the text they are. Atom says so itself
    (``type="text"``) and needs no second escape.
    """

    def __init__(self, title, link, description, *args, **kwargs):
        super().__init__(escape(title), link, escape(description), *args, **kwargs)

    def add_item(self, title, link, description, *args, **kwargs):
        super().add_item(escape(title), link, description, *args, **kwargs)

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
            description=gettext("The latest stories from %(site)s.") % {"site": site},
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
    # The channel description, with %(name)s and %(site)s.
    about: str | Promise

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model, slug=slug)

    def channel(self, section: Tag | Author | Dateline) -> Channel:
        site = settings.NEWSROOM_SITE_NAME
        return Channel(
            title=f"{section.name} | {site}",
            description=str(self.about) % {"name": section.name, "site": site},
            link=section.get_absolute_url(),
            articles=Article.objects.published().filter(**{self.lookup: section}),
        )


class TagFeed(SectionFeed):
    url_name = "distribution:tag-rss"
    model = Tag
    lookup = "tags"
    about = gettext_lazy("The latest stories on %(name)s from %(site)s.")


class AuthorFeed(SectionFeed):
    url_name = "distribution:author-rss"
    model = Author
    lookup = "authors"
    about = gettext_lazy("The latest stories by %(name)s in %(site)s.")


class DatelineFeed(SectionFeed):
    url_name = "distribution:dateline-rss"
    model = Dateline
    lookup = "dateline"
    about = gettext_lazy("The latest stories from %(name)s in %(site)s.")


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


class LiveUpdatesFeed(Feed):
    """Atom: a live story's updates, newest first, each linking to its permalink.

    Only ``LiveUpdate.objects.visible()``; the entry id is the update's ninjs
    uri, so a changed slug never duplicates one.
    """

    feed_type = NewsAtomFeed

    def get_object(self, request, public_id):
        return get_object_or_404(
            Article.objects.published().exclude(live_started_at=None), public_id=public_id
        )

    def title(self, article: Article) -> str:
        return gettext("%(headline)s: live updates | %(site)s") % {
            "headline": article.headline,
            "site": settings.NEWSROOM_SITE_NAME,
        }

    def subtitle(self, article: Article) -> str:
        return article.standfirst or article.headline

    def link(self, article: Article) -> str:
        return absolute_url(article.get_absolute_url())

    def feed_url(self, article: Article) -> str:
        return absolute_url(
            reverse("distribution:live-atom", kwargs={"public_id": article.public_id})
        )

    def items(self, article: Article):
        updates = list(
            LiveUpdate.objects.visible()
            .filter(article=article)
            .newest_first()
            .for_page()[:LIVE_FEED_SIZE]
        )
        for update in updates:
            update.article = article
        return updates

    def item_title(self, update: LiveUpdate) -> str:
        return update.title or strip_tags(update.body)[:110]

    def item_description(self, update: LiveUpdate) -> str:
        return update.body

    def item_link(self, update: LiveUpdate) -> str:
        return absolute_url(update.get_absolute_url())

    def item_guid(self, update: LiveUpdate) -> str:
        return live_update_uri(update.article, update)

    item_guid_is_permalink = False

    def item_pubdate(self, update: LiveUpdate):
        return update.published_at

    def item_updateddate(self, update: LiveUpdate):
        return update.corrected_at or update.published_at

    def item_extra_kwargs(self, update: LiveUpdate) -> dict:
        return {
            "authors": [author.name for author in update.authors.all()],
            "content": absolute_body(update.body),
        }
