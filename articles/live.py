"""Posting, publishing, correcting, removing and pinning a live story's updates.

The desk's compact form and any other path call these; who may do what is
``articles.workflow``'s (``may_post_update`` and the others). Each change a
reader could see is announced as ``articles.signals.live_updates_changed``
(at once, and again when the transaction commits), so the page cache renews
the story's page and its polling address; a draft announces nothing.

A post carries an idempotency key (made when the form was shown): posting
the same key again, after a dropped connection say, returns the update the
first attempt made, never a second copy.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from . import workflow
from .models import Article, Author, LiveUpdate
from .sanitizer import sanitize_html
from .signals import live_updates_changed

Status = LiveUpdate.Status
# Text that already holds markup is taken as HTML; plain text becomes paragraphs.
_MARKUP = re.compile(r"<[a-zA-Z/]")
_BLANK_LINES = re.compile(r"\n\s*\n")


def body_from_text(text: str) -> str:
    """What a phone's textarea holds, as the stored (sanitised) HTML.

    Blank lines separate paragraphs and single line breaks are kept, so a
    reporter needs no markup; pasted HTML goes through the allow-list.
    """
    text = (text or "").replace("\r\n", "\n").strip()
    if _MARKUP.search(text):
        return sanitize_html(text)
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text) if part.strip()]
    return sanitize_html(
        "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    )


def _check_body(body: str) -> str:
    cleaned = body_from_text(body)
    if not strip_tags(cleaned).strip():
        raise ValidationError({"body": _("Write the update: its text is empty.")})
    return cleaned


def _announce(article_pk: int) -> None:
    """Readers' copies of the story's page and updates are renewed, now and on commit."""

    def send() -> None:
        article = Article.objects.filter(pk=article_pk).first()
        if article is not None:
            live_updates_changed.send(sender=LiveUpdate, article=article)

    send()
    transaction.on_commit(send)


def _only_pinned(update: LiveUpdate) -> None:
    """One pinned update per story: pinning one unpins the others."""
    LiveUpdate.objects.filter(article_id=update.article_id, pinned=True).exclude(
        pk=update.pk
    ).update(pinned=False, updated_at=timezone.now())


@transaction.atomic
def post_update(
    article: Article,
    *,
    user,
    body: str,
    idempotency_key: uuid.UUID,
    title: str = "",
    publish: bool = False,
    pinned: bool = False,
    key_event: bool = False,
    authors: Iterable[Author] = (),
) -> tuple[LiveUpdate, bool]:
    """Post an update; returns it and whether it was made now (False: a retry)."""
    if not workflow.may_post_update(article, user):
        raise PermissionDenied(_("You may not post updates on this story."))
    if (publish or pinned) and not workflow.may_publish_update(article, user):
        raise PermissionDenied(_("You may save this update as a draft; an editor publishes it."))
    existing = LiveUpdate.objects.filter(article=article, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    cleaned = _check_body(body)
    now = timezone.now()
    try:
        with transaction.atomic():
            update = LiveUpdate.objects.create(
                article=article,
                title=title.strip(),
                body=cleaned,
                status=Status.PUBLISHED if publish else Status.DRAFT,
                published_at=now if publish else None,
                pinned=pinned,
                key_event=key_event,
                created_by=user,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # The same post, arriving twice at once: the first one made it.
        return LiveUpdate.objects.get(article=article, idempotency_key=idempotency_key), False
    update.authors.set(list(authors))
    if pinned:
        _only_pinned(update)
    if publish:
        _announce(article.pk)
    return update, True


def _locked(update: LiveUpdate) -> LiveUpdate:
    return LiveUpdate.objects.select_for_update(of=("self",)).get(pk=update.pk)


def _shown(update: LiveUpdate) -> bool:
    return update.status == Status.PUBLISHED and update.removed_at is None


@transaction.atomic
def correct_update(
    update: LiveUpdate,
    *,
    user,
    body: str,
    title: str = "",
    key_event: bool | None = None,
    authors: Iterable[Author] | None = None,
) -> LiveUpdate:
    """Change an update's text; a published one then reads "Updated 14:05"."""
    if not workflow.may_change_update(update, user):
        raise PermissionDenied(_("You may not change this update."))
    locked = _locked(update)
    if locked.removed_at is not None:
        raise ValidationError(_("This update was removed; it cannot be changed."))
    cleaned = _check_body(body)
    changed = cleaned != locked.body or title.strip() != locked.title
    locked.body, locked.title = cleaned, title.strip()
    if key_event is not None:
        changed = changed or key_event != locked.key_event
        locked.key_event = key_event
    if changed and locked.status == Status.PUBLISHED:
        locked.corrected_at = timezone.now()
    locked.save()
    if authors is not None:
        locked.authors.set(list(authors))
    if _shown(locked):
        _announce(locked.article_id)
    return locked


@transaction.atomic
def publish_update(update: LiveUpdate, *, user) -> LiveUpdate:
    """A draft goes out now, at the top of the stream."""
    if not workflow.may_publish_update(update.article, user):
        raise PermissionDenied(_("You may not publish updates on this story."))
    locked = _locked(update)
    if locked.removed_at is not None or locked.status == Status.PUBLISHED:
        return locked
    locked.status, locked.published_at = Status.PUBLISHED, timezone.now()
    locked.save()
    _announce(locked.article_id)
    return locked


@transaction.atomic
def remove_update(update: LiveUpdate, *, user) -> LiveUpdate:
    """Take an update off the page and out of every feed; it stays on record."""
    if not workflow.may_publish_update(update.article, user):
        raise PermissionDenied(_("You may not remove updates on this story."))
    locked = _locked(update)
    if locked.removed_at is not None:
        return locked
    locked.removed_at, locked.removed_by, locked.pinned = timezone.now(), user, False
    locked.save()
    if locked.status == Status.PUBLISHED:
        _announce(locked.article_id)
    return locked


@transaction.atomic
def mark_update(
    update: LiveUpdate, *, user, pinned: bool | None = None, key_event: bool | None = None
) -> LiveUpdate:
    """Pin or unpin an update (shown first), or mark it a key event or not."""
    if not workflow.may_publish_update(update.article, user):
        raise PermissionDenied(_("You may not pin or mark updates on this story."))
    locked = _locked(update)
    if locked.removed_at is not None:
        raise ValidationError(_("This update was removed; it cannot be pinned or marked."))
    if pinned is not None:
        locked.pinned = pinned
    if key_event is not None:
        locked.key_event = key_event
    locked.save()
    if locked.pinned:
        _only_pinned(locked)
    if locked.status == Status.PUBLISHED:
        _announce(locked.article_id)
    return locked
