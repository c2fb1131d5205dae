"""Stories' cards on list pages, kept as pieces by each story's version.

A list page asks the database which stories it shows (their rows only) and
gives each a card: kept from an earlier page if nothing the card shows has
changed (``reader.fragments``), else rendered, with the bylines and
pictures of every card still to render fetched at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string

from articles.models import Article, ArticleAuthor

from .fragments import (
    Fragments,
    Piece,
    address_tokens,
    current_rendering,
    piece,
    story_version,
)

# What a card shows beyond the story's row: its byline and its picture.
CARD_RELATED = (
    Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author")),
    "lead_image__renditions",
)
# What a list page loads of each story: enough to name its card's piece. A
# card still to render is loaded whole (``give_cards``).
LISTED_COLUMNS = ("pk", "slug", "publication_date", "version", "updated_at")
# Cards above the fold load their pictures at once; the rest lazily.
EAGER_CARDS = 2


@dataclass(slots=True)
class Listed:
    """A story on a list: the columns naming its card, then the card itself.

    Plain values, not a model instance: a list's rows are kept in the shared
    cache with the page (``reader.views``), and twenty model instances took
    five times as long to read back.
    """

    pk: int
    slug: str
    publication_date: datetime.date | None
    version: int
    updated_at: datetime.datetime | None
    card: str = ""


def listed(rows: Iterable[tuple]) -> list[Listed]:
    """``rows`` of ``LISTED_COLUMNS`` (a ``values_list``) as ``Listed`` stories."""
    return [Listed(*row) for row in rows]


@dataclass(frozen=True)
class Card:
    article: Listed
    variant: str = ""  # "", "lead" or "compact"
    level: int = 2  # the heading's level
    position: int = 1  # in its list, from 1

    @property
    def loading(self) -> str:
        return "eager" if self.variant == "lead" or self.position <= EAGER_CARDS else "lazy"

    def piece(self, rendering: str) -> Piece:
        story = self.article
        return piece(
            "card",
            self.variant or "plain",
            self.level,
            self.loading,
            story_version(story),
            tokens=address_tokens(story),
            rendering=rendering,
        )

    def render(self, request: HttpRequest, story: Article) -> str:
        """The card, from ``story``: this card's story loaded whole."""
        context = {
            "article": story,
            "variant": self.variant,
            "level": self.level,
            "loading": self.loading,
        }
        return render_to_string("articles/_article_summary.html", context, request)


def cards_of(articles: Iterable[Listed], *, variant: str = "", level: int = 2) -> list[Card]:
    return [
        Card(article, variant=variant, level=level, position=number)
        for number, article in enumerate(articles, start=1)
    ]


def give_cards(
    request: HttpRequest,
    cards: Sequence[Card],
    others: dict[str, Piece] | None = None,
    *,
    fragments: Fragments | None = None,
) -> Fragments:
    """Set ``article.card`` (its card's HTML) on every card's story.

    The cards and the page's ``others`` pieces come in one cache read: with
    the masthead's sections and the banner (a new ``Fragments``, which it
    returns for the others), or as one more read of the page's ``fragments``
    (a list whose rows were kept, read first).
    """
    names = {f"card:{number}": card for number, card in enumerate(cards)}
    rendering = current_rendering()
    wanted = {**{name: card.piece(rendering) for name, card in names.items()}, **(others or {})}
    if fragments is None:
        fragments = Fragments(wanted, request)
    else:
        fragments.fetch(wanted)
    to_render = {card.article.pk for name, card in names.items() if not fragments.has(name)}
    whole = (
        Article.objects.filter(pk__in=to_render)
        .defer("body")
        .prefetch_related(*CARD_RELATED)
        .in_bulk()
        if to_render
        else {}
    )
    with fragments.kept_together():
        for name, card in names.items():
            if card.article.pk in to_render and card.article.pk not in whole:
                card.article.card = ""  # deleted a moment ago
                continue
            whole_card = partial(_render_whole, card, whole, request)
            card.article.card = fragments.html(name, whole_card)
    return fragments


def _render_whole(card: Card, whole: dict[int, Article], request: HttpRequest) -> str:
    """``card`` rendered from its story loaded whole (the list loaded its key only)."""
    return card.render(request, whole[card.article.pk])
