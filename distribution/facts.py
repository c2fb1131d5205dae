"""What every outward format (ninjs, feeds, sitemaps, JSON-LD, Open Graph) shares.

The formats differ in syntax, not in facts: who wrote a story, which image
leads it, what language it is in. Those facts are decided once, here, so a
partner's ninjs item, a feed reader and a search engine always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from articles.models import Article, ArticleAuthor


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
    image = article.lead_image
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
