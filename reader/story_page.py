"""The article page in pieces: the story, its head, its related stories.

A published story's text, byline, notes, pictures, topics and structured
data are the same for every reader until it is edited or something it
shows changes, so they are kept as one piece (``reader.fragments``) under
its address, renewed by the address's token: the same token that renews
its page in the page cache, so a kept story is still published, at this
address, as it now reads. Rendered from kept pieces, the page asks the
database nothing. The related stories change with what else is published:
kept under the ``latest`` token too. A live story's page changes with each
update and its ``?page``/``?update``: rendered every time, never kept.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.models import Article

from . import live
from .fragments import Fragments, address_tokens_at, piece
from .front_page import related_articles

# What the page needs of the story's row to make its piece: its title,
# whether it is live, and its id to load it whole.
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


@dataclass(frozen=True)
class KeptStory:
    """A published story's page as kept: what its title, head and text show."""

    pk: int
    title: str
    head: str
    text: str


def _published_row(day: datetime.date, slug: str) -> Article:
    """The story published at ``day``/``slug`` (its row alone), or a 404.

    A story that moved or was withdrawn is answered by the stable-URL
    fallback (``distribution.stable_urls``), as 301 or 410.
    """
    try:
        return Article.objects.published().only(*ROW_FIELDS).get(publication_date=day, slug=slug)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def page_context(request: HttpRequest, day: datetime.date, slug: str) -> dict[str, Any]:
    """The article page's context: ``page_title``, ``live``, ``story_head``,
    ``story``, ``related`` (and a live story's own, ``article`` included).

    One cache read brings the kept story, its related stories, the
    masthead's sections and the banner; the story is looked up and loaded
    whole only when its piece has to be made.
    """
    address = address_tokens_at(day, slug)
    fragments = Fragments(
        {
            "story": piece("story", day, slug, tokens=address),
            "related": piece("related", day, slug, tokens=["latest", *address]),
        },
        request,
    )
    found, story = fragments.kept("story")
    if not found:
        with fragments.making("story"):
            row = _published_row(day, slug)
            if row.live_started_at is not None:
                return _live_page(request, row)
            whole = {"article": Article.objects.for_article_page().get(pk=row.pk)}
            story = KeptStory(
                pk=row.pk,
                title=row.page_title,
                head=_render("_story_head.html", whole, request),
                text=_render("_story.html", whole, request),
            )
        fragments.keep("story", story)

    def related() -> str:
        # Only its id is needed: its tags come in the related stories' query.
        return _render(
            "_related.html", {"related_articles": related_articles(Article(pk=story.pk))}, request
        )

    return {
        "page_title": story.title,
        "live": False,
        "story_head": mark_safe(story.head),  # noqa: S308 - rendered by our templates
        "story": mark_safe(story.text),  # noqa: S308 - rendered by our templates
        "related": fragments.html("related", related),
    }


def _live_page(request: HttpRequest, row: Article) -> dict[str, Any]:
    """A live story's page, rendered whole: it changes with every update."""
    whole = Article.objects.for_article_page().get(pk=row.pk)
    context = {"article": whole, **live.page_context(request, whole)}
    return {
        **context,
        "page_title": whole.page_title,
        "live": True,
        "story_head": _render("_story_head.html", context, request),
        "story": _render("_story.html", context, request),
        "related": _render("_related.html", {"related_articles": related_articles(whole)}, request),
    }
