"""RSS 2.0 and Atom feeds: the latest stories, and each tag's and author's.

Every entry carries the headline, link, standfirst as summary, the full
sanitised body (RSS ``content:encoded``, Atom ``content``), one author
element per bylined name (or the free-text byline), publication and update
times and the tags as categories. Entry ids are the article's ninjs uri
(``urn:uuid:…``), so a changed slug never makes a reader show a story twice.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Author, Tag

from .ninjs import article_uri

FEED_SIZE = 20
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
RSS_CONTENT = "http://purl.org/rss/1.0/modules/content/"


def _author_names(article: Article) -> list[str]:
    if article.byline:
        return [article.byline]
    return [link.author.name for link in article.ordered_authors]


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


class LatestArticlesFeed(Feed):
    """The newest published stories, as RSS."""

    feed_type = NewsRssFeed

    def title(self, section=None) -> str:
        return settings.NEWSROOM_SITE_NAME

    def description(self, section=None) -> str:
        return f"The latest stories from {settings.NEWSROOM_SITE_NAME}."

    def subtitle(self, section=None) -> str:
        return self.description(section)

    def link(self, section=None) -> str:
        return reverse("articles:front")

    def articles(self, section):
        return Article.objects.published()

    def items(self, section=None):
        return self.articles(section).for_listing()[:FEED_SIZE]

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
        return article.updated_at

    def item_categories(self, article: Article) -> list[str]:
        return [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article: Article) -> dict:
        return {"authors": _author_names(article), "content": str(article.body_with_dateline())}


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag: Tag) -> str:
        return f"{tag.name} | {settings.NEWSROOM_SITE_NAME}"

    def description(self, tag: Tag) -> str:
        return f"The latest stories on {tag.name} from {settings.NEWSROOM_SITE_NAME}."

    def link(self, tag: Tag) -> str:
        return tag.get_absolute_url()

    def articles(self, tag: Tag):
        return Article.objects.published().filter(tags=tag)


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Author:
        return get_object_or_404(Author, slug=slug)

    def title(self, author: Author) -> str:
        return f"{author.name} | {settings.NEWSROOM_SITE_NAME}"

    def description(self, author: Author) -> str:
        return f"The latest stories by {author.name} in {settings.NEWSROOM_SITE_NAME}."

    def link(self, author: Author) -> str:
        return author.get_absolute_url()

    def articles(self, author: Author):
        return Article.objects.published().filter(authors=author)


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = NewsAtomFeed


class TagAtomFeed(TagFeed):
    feed_type = NewsAtomFeed


class AuthorAtomFeed(AuthorFeed):
    feed_type = NewsAtomFeed
