"""The article page in pieces: the story, its head, its related stories.

A published story's text, byline, notes, pictures, topics and structured
data are the same for every reader until it is edited or something it
shows changes, so they are kept as pieces (``reader.fragments``) by the
story's version and its address's token. The related stories change with
what else is published: kept under the ``latest`` token. A live story's
page changes with each update and its ``?page``/``?update``: rendered every
time.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from articles.models import Article

from . import live
from .fragments import Fragments, address_tokens, piece, story_version
from .front_page import related_articles

# What the page needs of the story's row when its pieces are kept: its
# title, whether it is live, and what names its pieces.
ROW_FIELDS = (
    "headline",
    "seo_title",
    "slug",
    "publication_date",
    "version",
    "updated_at",
    "live_started_at",
    "live_ended_at",
)


def _render(template: str, context: dict[str, Any], request: HttpRequest) -> str:
    return render_to_string(f"articles/{template}", context, request)


def pieces(request: HttpRequest, article: Article) -> dict[str, Any]:
    """The article page's context: ``article``, ``story_head``, ``story``, ``related``.

    ``article`` is the story's own row (no related rows); the whole story
    is loaded only when a piece has to be rendered.
    """

    def related(story: Article) -> str:
        return _render("_related.html", {"related_articles": related_articles(story)}, request)

    if article.live_started_at is not None:
        whole = Article.objects.for_article_page().get(pk=article.pk)
        context = {"article": whole, **live.page_context(request, whole)}
        return {
            **context,
            "story_head": _render("_story_head.html", context, request),
            "story": _render("_story.html", context, request),
            "related": related(whole),
        }

    version = story_version(article)
    address = address_tokens(article)
    fragments = Fragments(
        {
            "story_head": piece("story-head", version, tokens=address),
            "story": piece("story", version, tokens=address),
            "related": piece("related", article.pk, tokens=["latest"]),
        },
        request,
    )

    @cache
    def whole_story() -> dict[str, Any]:
        return {"article": Article.objects.for_article_page().get(pk=article.pk)}

    return {
        "article": article,
        "story_head": fragments.html(
            "story_head", lambda: _render("_story_head.html", whole_story(), request)
        ),
        "story": fragments.html("story", lambda: _render("_story.html", whole_story(), request)),
        # From the row alone: its tags in one query, not the whole story.
        "related": fragments.html("related", lambda: related(article)),
    }
