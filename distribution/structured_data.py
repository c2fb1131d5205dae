"""What search engines and social sites read from our pages.

schema.org JSON-LD (``NewsArticle`` on article pages; ``WebSite`` and
``Organization`` on the front page), Open Graph and Twitter card meta. The
desk's search and social fields win where they are set: the social headline
and picture for the link card, the meta description for every description,
the SEO title as JSON-LD's ``alternativeHeadline`` (and the page's <title>). The
dictionaries are built here from the same facts as the feeds and ninjs
(``distribution.facts``); the templates only print them.

JSON-LD sits inside ``<script>``, where HTML escaping does not apply, so
``json_ld`` escapes ``<``, ``>`` and ``&`` as JSON unicode escapes (as
Django's ``json_script`` does): a headline containing ``</script>`` stays
text inside the JSON.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, LiveUpdate

from .facts import (
    article_language,
    credited_authors,
    modified_at,
    published_at,
    social_image_for,
)
from .ninjs import ninjs_time

SCHEMA_ORG = "https://schema.org"
# The publisher's logo: a raster image (search engines do not take SVG),
# at most 600 by 60 pixels. Replace the file to brand your own publication.
LOGO_STATIC_PATH = "img/newsroom-logo.png"
LOGO_SIZE = (600, 60)

_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """``data`` as a JSON-LD script element that no string in it can end early."""
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def organization(absolute_url) -> dict[str, Any]:
    """The publication itself: publisher of every story, author of unsigned ones."""
    width, height = LOGO_SIZE
    return {
        "@type": "Organization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute_url(reverse("articles:front")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(LOGO_STATIC_PATH)),
            "width": width,
            "height": height,
        },
    }


def _authors(article: Article, absolute_url) -> list[dict[str, Any]]:
    """A Person with their author page for each bylined name; else the publication.

    A free-text byline (``By our correspondents``) names no one person, so
    it is credited to the organisation rather than invented as a Person.
    """
    authors = credited_authors(article)
    if not authors:
        return [organization(absolute_url)]
    return [
        {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
        for author in authors
    ]


def news_article(article: Article, absolute_url) -> dict[str, Any]:
    canonical = absolute_url(article.get_absolute_url())
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": article.headline,
        "datePublished": ninjs_time(published_at(article)),
        "dateModified": ninjs_time(modified_at(article)),
        "author": _authors(article, absolute_url),
        "publisher": organization(absolute_url),
        "inLanguage": article_language(article),
    }
    if article.seo_title:
        data["alternativeHeadline"] = article.seo_title
    if article.page_description:
        data["description"] = article.page_description
    if article.dateline_id:
        data["dateline"] = str(article.dateline)
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    image = social_image_for(article)
    if image is not None:
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute_url(image.url),
            **({"width": image.width, "height": image.height} if image.width else {}),
        }
    return data


def live_blog_posting(article: Article, updates: list[LiveUpdate], absolute_url) -> dict[str, Any]:
    """The live coverage as search engines document it: a ``LiveBlogPosting``.

    ``updates`` are the ones the page shows (each with ``article`` set),
    as ``BlogPosting`` items whose ``url`` is the update's permalink.
    """
    started = article.live_started_at
    if started is None:
        raise ValueError(f"Article {article.pk} has never been in live coverage.")
    canonical = absolute_url(article.get_absolute_url())
    newest = max((update.updated_at for update in updates), default=modified_at(article))
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "LiveBlogPosting",
        "@id": f"{canonical}#live",
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": article.headline,
        "datePublished": ninjs_time(published_at(article)),
        "dateModified": ninjs_time(max(newest, modified_at(article))),
        "coverageStartTime": ninjs_time(started),
        "author": _authors(article, absolute_url),
        "publisher": organization(absolute_url),
        "inLanguage": article_language(article),
        "liveBlogUpdate": [_blog_posting(update, absolute_url) for update in updates],
    }
    if article.live_ended_at is not None:
        data["coverageEndTime"] = ninjs_time(article.live_ended_at)
    if article.standfirst:
        data["description"] = article.standfirst
    return data


def _blog_posting(update: LiveUpdate, absolute_url) -> dict[str, Any]:
    text = " ".join(strip_tags(update.body).split())
    posting: dict[str, Any] = {
        "@type": "BlogPosting",
        "headline": update.title or _shortened(text),
        "articleBody": text,
        "datePublished": ninjs_time(update.shown_at),
        "dateModified": ninjs_time(update.corrected_at or update.shown_at),
        "url": absolute_url(f"{update.article.get_absolute_url()}#{update.anchor}"),
    }
    authors = list(update.authors.all())
    if authors:
        posting["author"] = [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in authors
        ]
    return posting


# Search engines cut headlines at 110 characters.
HEADLINE_LENGTH = 110


def _shortened(text: str) -> str:
    if len(text) <= HEADLINE_LENGTH:
        return text
    return text[: HEADLINE_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"


def front_page_graph(absolute_url) -> list[dict[str, Any]]:
    home = absolute_url(reverse("articles:front"))
    return [
        {
            "@context": SCHEMA_ORG,
            "@type": "WebSite",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": home,
            "publisher": {"@id": f"{home}#publisher"},
        },
        {"@context": SCHEMA_ORG, "@id": f"{home}#publisher", **organization(absolute_url)},
    ]


def social_meta(article: Article, absolute_url) -> list[tuple[str, str, str]]:
    """(attribute, key, content) triples for Open Graph and Twitter card meta."""
    image = social_image_for(article)
    description = article.page_description
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", settings.NEWSROOM_SITE_NAME),
        ("property", "og:title", article.card_headline),
        ("property", "og:url", absolute_url(article.get_absolute_url())),
        ("property", "og:locale", article_language(article).replace("-", "_")),
    ]
    if description:
        meta.append(("property", "og:description", description))
    if image is not None:
        meta.append(("property", "og:image", absolute_url(image.url)))
        meta.append(("property", "og:image:alt", image.alt))
    meta.append(("property", "article:published_time", ninjs_time(published_at(article))))
    meta.append(("property", "article:modified_time", ninjs_time(modified_at(article))))
    if article.byline:
        meta.append(("property", "article:author", article.byline))
    else:
        meta += [
            ("property", "article:author", absolute_url(author.get_absolute_url()))
            for author in credited_authors(article)
        ]
    meta += [("property", "article:tag", tag.name) for tag in article.tags.all()]
    meta.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    meta.append(("name", "twitter:title", article.card_headline))
    if description:
        meta.append(("name", "twitter:description", description))
    if image is not None:
        meta.append(("name", "twitter:image", absolute_url(image.url)))
    return meta
