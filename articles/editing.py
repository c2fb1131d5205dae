"""The one write path for desk edits: copy, credits and timing, never the state.

Every way the desk changes a story (the change form, a wire update, a
revision restore, a correction) calls ``save_edit``. It locks the row,
refuses a save made against an older version than the one stored (someone
else saved in between, so the later writer never silently overwrites the
earlier one), stamps "Updated" when the copy of a live story changes, bumps
the version, records who saved, and writes every field except the state,
all inside one revision. The state belongs to ``workflow``, whose moves take
the same lock and bump the same version, so a form opened before a move is
refused as stale instead of writing the old state back.
"""

from __future__ import annotations

import reversion
from django.db import transaction
from django.utils import timezone

from .models import Article

# What readers would call a change to the story (not a retag or a new slug).
SUBSTANTIVE_FIELDS = ("headline", "standfirst", "body")
# Never written by an edit: the state and live coverage are the workflow's,
# the search document the database's own.
NOT_EDITED = frozenset({"status", "search_vector", "live_started_at", "live_ended_at"})


class StaleEdit(Exception):
    """The article was saved by someone else after this form was opened."""


def current_version(article_pk: int, *, lock: bool) -> Article:
    """The stored article, row-locked until the transaction ends when ``lock``.

    Locking in the form's validation (which the admin runs inside the same
    transaction as the save) makes PostgreSQL queue a second writer until
    the first has committed, so the second sees the bumped version. On
    SQLite every write transaction holds the database's write lock from its
    start (``transaction_mode`` IMMEDIATE), which serialises writers too.
    """
    queryset = Article.objects.select_related("last_edited_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=article_pk)


def _edited_fields() -> list[str]:
    return [
        field.name
        for field in Article._meta.concrete_fields
        if not field.primary_key and field.name not in NOT_EDITED
    ]


def _note_substantive_revision(article: Article, before: Article) -> None:
    """Stamp ``revised_at`` when the copy of a story readers can see changes."""
    if not before.is_live:
        return
    if any(getattr(before, name) != getattr(article, name) for name in SUBSTANTIVE_FIELDS):
        article.revised_at = timezone.now()


@transaction.atomic
def save_edit(
    article: Article, *, user, expected_version: int | None, comment: str = ""
) -> Article:
    """Store ``article`` as edited by ``user``; a new article is created as a draft.

    ``expected_version`` is the version the editor's form was opened with;
    ``None`` means the caller holds no form (an import, a restore, a
    correction) and edits whatever is stored now. Raises ``StaleEdit`` when
    the stored version has moved on. Joins the caller's revision if there is
    one; ``comment`` names the edit in the history.
    """
    article.sanitise_body()  # compare and store what would be kept
    article.last_edited_by = user
    with reversion.create_revision():
        if article.pk is None:
            article.status = Article.Status.DRAFT
            article.created_by = article.created_by or user
            article.version = 1
            article.save()
        else:
            stored = current_version(article.pk, lock=True)
            if expected_version is not None and stored.version != expected_version:
                raise StaleEdit(article.pk)
            _note_substantive_revision(article, stored)
            article.status = stored.status
            article.version = stored.version + 1
            article.save(update_fields=_edited_fields())
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
    return article
