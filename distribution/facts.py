"""What every outward format (ninjs, feeds, sitemaps, JSON-LD, Open Graph) shares.

The formats differ in syntax, not in facts: who wrote a story, which image
leads it, what language it is in, when it last changed. Those facts are
decided once, here, so a partner's ninjs item, a feed reader and a search
engine always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models.functions import Greatest

from articles.models import Article, ArticleAuthor, Author
from reader.site import absolute_url

# A root-relative address in a sanitised body: nh3 writes every attribute
# double-quoted, so ``src="/…"`` and ``href="/…"`` (not ``//host``) are all.
_ROOT_RELATIVE = re.compile(r'(\s(?:src|href)=")(/(?!/)[^"]*)"')


@dataclass(frozen=True)
class LeadImage:
    """The lead picture of an article, as the outward formats need it."""

    url: str  # absolute, or root-relative (callers make it absolute)
    width: int | None
    height: int | None
    alt: str
    content_type: str = "image/jpeg"
    credit: str = ""


def lead_image_for(article: Article) -> LeadImage | None:
    """The article's lead image as its social crop (1200x630), or None.

    ninjs ``associations``/``renditions``, the JSON-LD ``image`` and
    ``og:image`` all use this one function. The crop is made once at upload
    (or on first use here) and read from the prefetched renditions.
    """
    return _social_crop(article.lead_image)


def social_image_for(article: Article) -> LeadImage | None:
    """The picture a link card and search engines show: the social picture
    chosen for the story, else its lead image (as the 1200x630 crop)."""
    return _social_crop(article.social_image or article.lead_image)


def _social_crop(image) -> LeadImage | None:
    if image is None:
        return None
    social = image.social_rendition()
    return LeadImage(
        url=social.url,
        width=social.width,
        height=social.height,
        alt=image.alt_text,
        content_type=social.mime_type,
        credit=image.credit,
    )


def site_language() -> str:
    """The site's language as a BCP 47 tag (``en-gb`` → ``en-GB``)."""
    language, _, region = settings.LANGUAGE_CODE.partition("-")
    return f"{language}-{region.upper()}" if region else language


def article_language(article: Article) -> str:
    return article.language or site_language()


def author_names(article: Article) -> str:
    """The byline as plain words, roles and all, as the page prints it.

    ``Ana Diaz and Sam Lee``; ``Ana Diaz. Additional reporting by Lee Chen``;
    or the free-text byline: what ninjs ``by`` carries.
    """
    if article.byline:
        return article.byline
    lines = []
    for role, authors in article.authors_by_role():
        names = [author.name for author in authors]
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        lines.append(joined if role == ArticleAuthor.Role.WRITER else f"{role.label} by {joined}")
    return ". ".join(lines)


def credited_authors(article: Article) -> list[Author]:
    """The people named in the byline, in the editors' order; none for a
    free-text byline (``By our correspondents`` names no one person)."""
    return [] if article.byline else [link.author for link in article.ordered_authors]


def byline_names(article: Article) -> list[str]:
    """One entry per name a feed's author elements carry: the free-text
    byline, or each credited author."""
    if article.byline:
        return [article.byline]
    return [author.name for author in credited_authors(article)]


def published_at(article: Article) -> datetime:
    """When the story went (or goes) out: every story the formats show has a time."""
    if article.published_at is None:
        raise ValueError(
            f"Article {article.pk} has no publication time; only published stories go out."
        )
    return article.published_at


def modified_at(article: Article) -> datetime:
    """When the story last changed as readers see it.

    A story saved at 08:00 and scheduled for 10:00 is new at 10:00: its
    modified time is never before its publication time.
    """
    return max(article.updated_at, published_at(article))


def modified_expression(prefix: str = "") -> Greatest:
    """``modified_at`` in SQL, for aggregates such as a sitemap's newest lastmod."""
    return Greatest(f"{prefix}updated_at", f"{prefix}published_at")


def absolute_body(html: str) -> str:
    """A sanitised body whose pictures and links work outside the site.

    The page keeps ``/media/…`` (the browser knows the origin); a feed reader
    or a partner's CMS does not, so feeds and ninjs carry full addresses on
    the site's configured origin.
    """
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}{absolute_url(m.group(2))}"', html)
