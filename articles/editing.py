"""Saving an article's copy without losing anyone's edit.

Every form that edits an article carries the ``version`` it was opened
with. The save claims the next version with one conditional UPDATE
(``… WHERE version = N``) inside the save's transaction: if someone else
saved in between, no row matches and the save is refused, so the later
writer never silently overwrites the earlier one.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from .models import Article
from .sanitizer import sanitize_html

# What readers would call a change to the story (not a retag or a new slug).
SUBSTANTIVE_FIELDS = ("headline", "standfirst", "body")


class StaleEdit(Exception):
    """The article was saved by someone else after this form was opened."""


def current_version(article_pk: int, *, lock: bool) -> Article:
    """The stored article, row-locked until the transaction ends when ``lock``.

    Locking in the form's validation (which the admin runs inside the same
    transaction as the save) makes PostgreSQL queue a second writer until
    the first has committed, so the second sees the bumped version.
    """
    queryset = Article.objects.select_related("last_edited_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=article_pk)


def claim_next_version(article: Article, *, expected: int) -> None:
    """Bump the stored version from ``expected``, or raise ``StaleEdit``.

    The conditional UPDATE is the guard that holds on every database,
    including SQLite where ``select_for_update`` is a no-op.
    """
    claimed = Article.objects.filter(pk=article.pk, version=expected).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(article.pk)
    article.version = expected + 1


def note_substantive_revision(article: Article, before: Article | None) -> None:
    """Stamp ``revised_at`` when the copy of a story readers can see changes."""
    if before is None or not before.is_live:
        return
    article.body = sanitize_html(article.body)  # compare what would be stored
    if any(getattr(before, name) != getattr(article, name) for name in SUBSTANTIVE_FIELDS):
        article.revised_at = timezone.now()
