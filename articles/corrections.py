"""Adding and removing public notes on published stories, on the record.

A note is added together with a save of its article, in one revision, so
the history shows which text the correction accompanies; the article's
modified ("Updated") time moves with it. Removing a note hides it from
readers but keeps it, with who removed it, when and why.
"""

from __future__ import annotations

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from . import changes, editing, workflow
from .models import Article, ArticleNote


@transaction.atomic
def add_note(article: Article, *, kind: str, text: str, user) -> ArticleNote:
    if not workflow.is_editor(user):
        raise PermissionDenied(_("Only editors add corrections and notes."))
    locked = editing.current_version(article.pk, lock=True)
    if not locked.is_live:
        raise ValidationError(_("Notes go on published stories that readers can see."))
    now = timezone.now()
    with reversion.create_revision():
        locked.revised_at = now
        note = ArticleNote.objects.create(
            article=locked, kind=kind, text=text, created_by=user, created_at=now
        )
        editing.save_edit(
            locked,
            user=user,
            expected_version=locked.version,
            comment=f"{note.get_kind_display()} added: {text}",
        )
    note.revision = Version.objects.get_for_object(locked).first().revision
    note.save(update_fields=["revision"])
    return note


def remove_note(note: ArticleNote, *, user, reason: str) -> None:
    if not workflow.is_editor(user):
        raise PermissionDenied(_("Only editors remove corrections and notes."))
    if not reason.strip():
        raise ValidationError(_("Say why the note is removed; the reason is kept on record."))
    # A conditional UPDATE (so a note is removed once) sends no save
    # signal: the story is reported as changed by hand.
    changes.touching(note.article_id)
    removed = ArticleNote.objects.filter(pk=note.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=user, removal_reason=reason
    )
    if removed:
        changes.touched(note.article_id)
