"""Article states, the moves between them, and who may make each move.

This is the one place these rules live. The admin (change form, list
actions), management commands such as imports, and any API call
``transition()`` and the ``can_*`` helpers, so no path can publish, schedule
or withdraw what its user may not.

States::

    draft ──submit──▶ review ──publish / schedule──▶ published ──withdraw──▶ withdrawn
      │  ◀─send_back──┘                                                        │
      └───────────────publish / schedule (editors)──▶                          │
      ◀──────────────────────────────redraft─────────────────────────────────────┘

Every move locks the row as a save does (``editing.current_version``) and
bumps the same version, so a form opened before a move is refused as stale
and never writes the old state back; a save never writes the state at all.
A deleted article comes back through ``recover_deleted``, as a draft.

Reporters write, edit their own drafts and submit them; editors do
everything. *Publish* puts a story out now (or at a time already past);
*Schedule* puts it out at a time still to come: readers see it from that
moment (``Article.objects.published()`` compares with now), so no worker or
cron job is involved. Neither lets out a story that is not ready
(``readiness.missing``: body, byline, alt text, headline length, dateline).
Every move is announced with ``signals.story_moved`` (notifications listen).

Live coverage (``start_live`` / ``end_live``) is an editor's call; who may
post, publish and change a story's live updates is decided by the
``may_*_update`` helpers below (reporters publish on a live story only when
the desk allows it: ``NEWSROOM_LIVE_REPORTERS_MAY_PUBLISH``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import clock, editing, readiness
from .models import Article, ArticleTransition, LiveUpdate
from .models.article import PUBLISH_PERMISSION
from .signals import story_moved

Status = Article.Status


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    PUBLISH = "publish", _("Publish")
    SCHEDULE = "schedule", _("Schedule")
    SEND_BACK = "send_back", _("Send back to draft")
    WITHDRAW = "withdraw", _("Withdraw")
    REDRAFT = "redraft", _("Return to draft")
    # Not a button: the desk's "Recover deleted articles" makes this move.
    RECOVER = "recover", _("Recover deleted article")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    editors_only: bool


MOVES: dict[str, Move] = {
    Action.SUBMIT: Move(frozenset({Status.DRAFT}), Status.REVIEW, editors_only=False),
    Action.PUBLISH: Move(frozenset({Status.DRAFT, Status.REVIEW}), Status.PUBLISHED, True),
    Action.SCHEDULE: Move(frozenset({Status.DRAFT, Status.REVIEW}), Status.PUBLISHED, True),
    Action.SEND_BACK: Move(frozenset({Status.REVIEW}), Status.DRAFT, editors_only=True),
    Action.WITHDRAW: Move(frozenset({Status.PUBLISHED}), Status.WITHDRAWN, editors_only=True),
    Action.REDRAFT: Move(frozenset({Status.WITHDRAWN}), Status.DRAFT, editors_only=True),
}


class TransitionNotAllowed(PermissionDenied):
    """The user may not make this move, or not on this article now."""


class EmbargoInForce(ValidationError):
    """Publishing is blocked until the embargo time has passed."""


class NotReadyToPublish(ValidationError):
    """The story lacks what a newsroom checks before publishing (``readiness``)."""


class WrongClock(ValidationError):
    """Publish with a time still to come, or schedule without one."""


def check_ready(article: Article, *, authors: int | None = None) -> None:
    """Refuse to put an incomplete story before readers, listing what it lacks."""
    gaps = readiness.missing(article, authors=authors)
    if gaps:
        raise NotReadyToPublish(gaps)


def check_clock(action: str, *, goes_live_at: datetime | None, now: datetime) -> None:
    """*Publish* is for now (or a time past); *Schedule* for a time still to come."""
    future = goes_live_at is not None and goes_live_at > now
    if action == Action.PUBLISH and goes_live_at is not None and future:
        raise WrongClock(
            gettext(
                "The publication time (%(when)s) is still to come: "
                "schedule the story, or clear the time to publish it now."
            )
            % {"when": clock.desk_moment(goes_live_at)}
        )
    if action == Action.SCHEDULE and not future:
        raise WrongClock(
            gettext(
                "To schedule a story, set its publication time to a moment still to come "
                "(%(zone)s)."
            )
            % {"zone": clock.zone_name()}
        )


# Only editors set the clock, the front page and who works on what: a
# reporter could otherwise choose a publication time, lift an embargo, pin
# their story or hand themselves someone else's.
EDITOR_ONLY_FIELDS = ("published_at", "embargo_until", "front_page_position", "assigned_to")


def fields_closed_to(user) -> tuple[str, ...]:
    """The article fields ``user`` may not change, whatever form or path they use."""
    return () if is_editor(user) else EDITOR_ONLY_FIELDS


def is_editor(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def is_own(article: Article, user) -> bool:
    """A reporter's own article: they created it, it is assigned to them, or
    they are in its byline."""
    if not user or not user.is_authenticated:
        return False
    if article.pk is None or user.pk in (article.created_by_id, article.assigned_to_id):
        return True
    return article.article_authors.filter(author__user=user).exists()


def can_edit(article: Article, user) -> bool:
    """Editors edit anything; reporters their own drafts and articles in review."""
    if not user or not user.is_active:
        return False
    if is_editor(user):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.status in {Status.DRAFT, Status.REVIEW}
        and is_own(article, user)
    )


def can(user, action: str, article: Article) -> bool:
    move = MOVES.get(action)
    if move is None or article.status not in move.sources:
        return False
    if move.target == Status.PUBLISHED and article.withheld_by_agency:
        return False
    if move.editors_only:
        return is_editor(user)
    return can_edit(article, user)


def available_actions(article: Article, user) -> list[Action]:
    """The moves to offer this user as buttons; others are not shown."""
    return [Action(action) for action in MOVES if can(user, action, article)]


def check_embargo(article: Article, *, goes_live_at: datetime) -> None:
    """Refuse a publication that would put the article before readers too early.

    Scheduling for a time at or after the embargo is allowed: that is how a
    desk prepares embargoed copy to go out the moment it may.
    """
    if article.embargo_until and article.embargo_until > goes_live_at:
        when = date_format(timezone.localtime(article.embargo_until), "j F Y, H:i")
        raise EmbargoInForce(
            gettext(
                "This article is under embargo until %(when)s; "
                "it cannot be published, or scheduled, before then."
            )
            % {"when": when}
        )


@transaction.atomic
def transition(
    article: Article,
    *,
    action: str,
    user,
    note: str = "",
    publish_at: datetime | None = None,
) -> ArticleTransition:
    """Move ``article`` by ``action`` on behalf of ``user``, or refuse.

    The row is locked while the move is checked and saved, so two people
    pressing buttons at once cannot both succeed from the same state.
    ``publish_at`` (publish only) schedules the article for that time;
    without it an article keeps a time already set, or goes out now.
    """
    locked = editing.current_version(article.pk, lock=True)
    move = MOVES.get(action)
    if move is None:
        raise TransitionNotAllowed(f"Unknown action {action!r}.")
    if locked.status not in move.sources:
        raise TransitionNotAllowed(
            gettext("%(move)s is not possible for an article that is %(status)s.")
            % {"move": Action(action).label, "status": locked.get_status_display().lower()}
        )
    if move.target == Status.PUBLISHED and locked.withheld_by_agency:
        raise TransitionNotAllowed(
            gettext(
                "The agency has marked this wire item %(wire_status)s: it cannot be "
                "published until the agency sends a usable version."
            )
            % {"wire_status": locked.wire_status}
        )
    if not can(user, action, locked):
        raise TransitionNotAllowed(
            gettext("You may not %(move)s this article.") % {"move": Action(action).label.lower()}
        )
    if move.target == Status.PUBLISHED:
        now = timezone.now()
        if publish_at is not None:
            locked.published_at = publish_at
        check_clock(action, goes_live_at=locked.published_at, now=now)
        if locked.published_at is None:
            locked.published_at = now
        check_ready(locked)
        check_embargo(locked, goes_live_at=max(locked.published_at, now))
        locked.clean()  # e.g. the slug must be free on the publication day
    return _record_move(article, locked, action=action, target=move.target, user=user, note=note)


@transaction.atomic
def recover_deleted(article: Article, *, user, note: str = "") -> ArticleTransition:
    """A deleted article brought back from its last revision returns as a draft.

    Deleting is an editor's call, and so is bringing a story back; going
    live again is a move of its own.
    """
    if not is_editor(user):
        raise TransitionNotAllowed(gettext("Only editors recover deleted articles."))
    locked = editing.current_version(article.pk, lock=True)
    return _record_move(
        article, locked, action=Action.RECOVER, target=Status.DRAFT, user=user, note=note
    )


# What a move writes: the state, the clock it may set, and the edit version.
MOVE_FIELDS = [
    "status",
    "published_at",
    "publication_date",
    "version",
    "last_edited_by",
    "updated_at",
]


def _record_move(
    article: Article, locked: Article, *, action: str, target: str, user, note: str
) -> ArticleTransition:
    """Store the move on the locked row, log it, and make it a revision.

    The version is bumped as a save's is, so a form opened before the move
    is refused as stale rather than writing the old state back.
    """
    from_status = locked.status
    acting = user if user and user.is_authenticated else None
    locked.status = target
    locked.version += 1
    locked.last_edited_by = acting
    with reversion.create_revision():  # joins the admin's revision when there is one
        locked.save(update_fields=MOVE_FIELDS)
        logged = ArticleTransition.objects.create(
            article=locked,
            action=action,
            from_status=from_status,
            to_status=target,
            user=acting,
            note=note,
        )
        if acting is not None:
            reversion.set_user(acting)
        reversion.set_comment(logged.summary)
        story_moved.send(sender=Article, article=locked, move=logged)

    # Keep the caller's instance in step with what was stored.
    for name in ("status", "published_at", "publication_date", "version", "last_edited_by"):
        setattr(article, name, getattr(locked, name))
    return logged


# --- Live coverage ----------------------------------------------------------------
def may_run_live(user) -> bool:
    """Switching a story's live coverage on or off is the desk's (an editor's) call."""
    return is_editor(user)


def may_post_update(article: Article, user) -> bool:
    """Draft an update: editors; reporters on their own story or on any live one."""
    if not user or not user.is_active:
        return False
    if is_editor(user):
        return True
    return user.has_perm("articles.change_article") and (
        can_edit(article, user) or article.in_live_coverage
    )


def may_publish_update(article: Article, user) -> bool:
    """Publish, pin or remove updates: editors; reporters on a live story if the desk allows.

    An update published on a story still in draft or review stays unseen
    until the story itself is published (``LiveUpdate.objects.visible``).
    """
    if is_editor(user):
        return True
    return (
        settings.NEWSROOM_LIVE_REPORTERS_MAY_PUBLISH
        and article.in_live_coverage
        and may_post_update(article, user)
    )


def may_change_update(update: LiveUpdate, user) -> bool:
    """Correct an update: whoever may publish on the story, or the author of a draft."""
    if may_publish_update(update.article, user):
        return True
    return (
        update.status == LiveUpdate.Status.DRAFT
        and update.removed_at is None
        and update.created_by_id == getattr(user, "pk", None)
        and may_post_update(update.article, user)
    )


LIVE_FIELDS = ["live_started_at", "live_ended_at", "updated_at"]


@transaction.atomic
def start_live(article: Article, *, user) -> Article:
    """Switch ``article`` to live coverage from now (again, if it had ended)."""
    if not may_run_live(user):
        raise TransitionNotAllowed(gettext("Only editors start live coverage."))
    locked = editing.current_version(article.pk, lock=True)
    if locked.in_live_coverage:
        raise TransitionNotAllowed(gettext("This story is already in live coverage."))
    locked.live_started_at = locked.live_started_at or timezone.now()
    locked.live_ended_at = None
    locked.save(update_fields=LIVE_FIELDS)
    article.live_started_at, article.live_ended_at = locked.live_started_at, None
    return article


@transaction.atomic
def end_live(article: Article, *, user) -> Article:
    """End the coverage now: readers' pages say so and stop asking for updates."""
    if not may_run_live(user):
        raise TransitionNotAllowed(gettext("Only editors end live coverage."))
    locked = editing.current_version(article.pk, lock=True)
    if not locked.in_live_coverage:
        raise TransitionNotAllowed(gettext("This story is not in live coverage."))
    locked.live_ended_at = timezone.now()
    locked.save(update_fields=LIVE_FIELDS)
    article.live_ended_at = locked.live_ended_at
    return article
