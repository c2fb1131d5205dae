"""The front page's slots and the one way to arrange them.

Slot 1 is the lead story, slots 2 to 5 the top stories in their order
(``Article.front_page_position``); the rest of page one fills itself, newest
first (``reader.front_page``). A slot holds at most one story: the database
refuses a second (``article_one_story_per_front_slot``), so two stories can
never both be the lead, whatever path writes them.

``arrange`` writes a whole arrangement at once, as the desk's front-page
board saves it: the rows are locked, every story leaving or changing slot is
cleared first and then placed, each write bumps the story's edit version
(so a change form opened before the arrangement cannot write its old slot
back) and goes through the model's save, so the reader's pages renew at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Article
from .workflow import is_editor

LEAD_SLOT = 1
TOP_STORY_SLOTS = 4
SLOTS = tuple(range(LEAD_SLOT, LEAD_SLOT + 1 + TOP_STORY_SLOTS))

# What an arrangement writes: the slot and the edit version, never the
# updated time (readers' "modified" dates are about the story, not its place).
PLACEMENT_FIELDS = ["front_page_position", "version", "last_edited_by"]


def slot_label(slot: int) -> str:
    return (
        _("Lead story") if slot == LEAD_SLOT else _("Top story %(number)d") % {"number": slot - 1}
    )


def may_arrange(user) -> bool:
    """Editors arrange the front page (as they alone set a story's slot in its form)."""
    return is_editor(user)


def placeable():
    """Stories that may stand in a slot: published, live or scheduled."""
    return Article.objects.filter(status=Article.Status.PUBLISHED)


def current_arrangement() -> dict[int, Article | None]:
    """Every slot and the story holding it (whatever its state), or None."""
    held = {
        article.front_page_position: article
        for article in Article.objects.filter(front_page_position__in=SLOTS).select_related(
            "lead_image"
        )
    }
    return {slot: held.get(slot) for slot in SLOTS}


def check_arrangement(placements: Mapping[int, int | None]) -> dict[int, int | None]:
    """``placements`` (slot → article pk or None) made whole, or ValidationError.

    No story may stand in two slots, and every story put in a slot must be
    published (one already standing in that slot may stay, whatever its state:
    the page shows only live stories, and an editor clears it at leisure).
    """
    unknown = set(placements) - set(SLOTS)
    if unknown:
        raise ValidationError(_("There is no slot %(slot)s.") % {"slot": min(unknown)})
    wanted = {slot: placements.get(slot) for slot in SLOTS}
    chosen = [pk for pk in wanted.values() if pk is not None]
    twice = {pk for pk in chosen if chosen.count(pk) > 1}
    if twice:
        headline = Article.objects.filter(pk__in=twice).values_list("headline", flat=True).first()
        raise ValidationError(
            _("“%(headline)s” is in two slots; a story can stand in only one.")
            % {"headline": headline or twice}
        )
    staying = set(
        Article.objects.filter(
            pk__in=chosen, front_page_position__in=[s for s, pk in wanted.items() if pk]
        ).values_list("pk", "front_page_position")
    )
    newly_placed = {pk for slot, pk in wanted.items() if pk is not None} - {
        pk for pk, slot in staying if wanted.get(slot) == pk
    }
    found = set(placeable().filter(pk__in=newly_placed).values_list("pk", flat=True))
    missing = newly_placed - found
    if missing:
        raise ValidationError(
            _("Only published stories can go on the front page; story %(pk)s is not one.")
            % {"pk": min(missing)}
        )
    return wanted


@transaction.atomic
def arrange(placements: Mapping[int, int | None], *, user) -> list[Article]:
    """Put exactly these stories in these slots (None empties a slot).

    Returns the stories whose slot changed. Stories pinned outside the
    board's slots (a position above the last slot) are left as they are.
    """
    if not may_arrange(user):
        raise PermissionDenied(_("Only editors arrange the front page."))
    wanted = check_arrangement(placements)
    new_slot_of = {pk: slot for slot, pk in wanted.items() if pk is not None}
    involved = set(new_slot_of) | set(
        Article.objects.filter(front_page_position__in=SLOTS).values_list("pk", flat=True)
    )
    rows = {
        article.pk: article
        for article in Article.objects.select_for_update().filter(pk__in=involved).order_by("pk")
    }
    moving = [
        article
        for article in rows.values()
        if article.front_page_position != new_slot_of.get(article.pk)
    ]
    # Clear first, then place: the constraint holds after every statement.
    for article in moving:
        if article.front_page_position is not None:
            _write(article, None, user)
    for article in moving:
        slot = new_slot_of.get(article.pk)
        if slot is not None:
            _write(article, slot, user)
    return moving


def _write(article: Article, slot: int | None, user) -> None:
    article.front_page_position = slot
    article.version += 1
    article.last_edited_by = user if user is not None and user.is_authenticated else None
    article.save(update_fields=PLACEMENT_FIELDS)
