"""Pages of a list that are never counted.

A reader's page needs to know whether an older page exists, not how many
there are: the page is fetched with one extra row, and that row, if it
comes, only says "there is more". No ``COUNT(*)`` runs over the archive,
so a page costs the same at 100 stories as at 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

# The deepest page a list goes to: an offset is read row by row, so page
# 5,000 of the front page would cost what 5,000 pages cost. Past this the
# date archive (a year, a month, a day) reaches every story.
MAX_PAGES = 250


@dataclass(frozen=True)
class Page:
    """What the templates ask of a page: its number, its rows, its neighbours."""

    number: int
    object_list: list[Any]
    has_next: bool
    per_page: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        """The 1-based position of the page's first row (0 for an empty page)."""
        return 0 if not self.object_list else self._offset + 1

    def end_index(self) -> int:
        return self._offset + len(self.object_list)

    @property
    def _offset(self) -> int:
        return (self.number - 1) * self.per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def page_number(raw: str | None) -> int:
    """``?page=`` as a number from 1 (absent is 1); anything else is a 404."""
    try:
        number = int(raw) if raw is not None else 1
    except (TypeError, ValueError) as exc:
        raise Http404("No such page.") from exc
    if number < 1:
        raise Http404("No such page.")
    return number


def uncounted_page(
    queryset, raw_number: str | None, per_page: int, *, max_pages: int = MAX_PAGES
) -> Page:
    """Page ``raw_number`` of ``queryset``, fetched with one row more than it shows.

    An empty page after the first, or one past ``max_pages`` (deep offsets
    are what makes a paged list slow; the date archive reaches further
    back), is a 404.
    """
    number = page_number(raw_number)
    if number > max_pages:
        raise Http404("No such page.")
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    if number > 1 and not rows:
        raise Http404("No such page.")
    return Page(
        number=number,
        object_list=rows[:per_page],
        has_next=len(rows) > per_page and number < max_pages,
        per_page=per_page,
    )
