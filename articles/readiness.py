"""Is a story ready to go before readers? What a newsroom checks before publishing.

``missing(article)`` lists, in words for the desk, what the story still
lacks: a body, a byline or authors, alt text on its lead image, a headline
within the desk's length (``NEWSROOM_HEADLINE_MAX_LENGTH``), a dateline when
the desk requires one (``NEWSROOM_DATELINE_REQUIRED``). The workflow refuses
to publish or schedule a story while the list is not empty, whatever the
path (change form, list action, wire import, command); the change form
shows the same list before anyone presses a button.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Article


def missing(article: Article, *, authors: int | None = None) -> list[str]:
    """What ``article`` lacks before it may be published; empty when ready.

    ``authors`` is the number of byline rows when the caller knows better
    than the database (a form whose byline rows are not saved yet).
    """
    gaps: list[str] = []
    if not strip_tags(article.body or "").strip():
        gaps.append(_("The body is empty: write the story."))
    if authors is None:
        authors = article.article_authors.count() if article.pk else 0
    if not article.byline.strip() and not authors:
        gaps.append(_("There is no byline: add an author or a free-text byline."))
    image = article.lead_image if article.lead_image_id else None
    if image is not None and not image.alt_text.strip():
        gaps.append(_("The lead image has no alt text: describe it in the photo library."))
    limit = settings.NEWSROOM_HEADLINE_MAX_LENGTH
    length = len(article.headline.strip())
    if length > limit:
        gaps.append(
            ngettext(
                "The headline is %(length)d characters; the desk's limit is %(limit)d.",
                "The headline is %(length)d characters; the desk's limit is %(limit)d.",
                length,
            )
            % {"length": length, "limit": limit}
        )
    if settings.NEWSROOM_DATELINE_REQUIRED and not article.dateline_id:
        gaps.append(_("There is no dateline: the desk requires one (where the story was filed)."))
    return gaps
