"""Who is told what when a story moves, and sending it.

Submitted: the editors. Sent back, published, scheduled: the story's own
people (its creator and the people in its byline). Gone live by the clock:
its people and the editor who scheduled it. Embargo lifted: the editors and
its people. Nobody is told of their own move, and nobody is told about a
story they may not read (``Article.objects.visible_to``).

Notifications are rows written in the move's transaction; their e-mails go
through the task queue once it commits, so a save never waits for SMTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from articles import clock, workflow
from articles.models import Article, ArticleAuthor, ArticleTransition
from jobs.queue import enqueue

from .models import Notification

Kind = Notification.Kind


def editors():
    """Active desk staff who may publish (the Editors group, or granted it, or admins)."""
    app_label, codename = workflow.PUBLISH_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
    )


def story_people(article: Article) -> list[int]:
    """The ids of the story's own people: its creator and its bylined staff."""
    ids = set(
        ArticleAuthor.objects.filter(article=article, author__user__isnull=False).values_list(
            "author__user_id", flat=True
        )
    )
    if article.created_by_id:
        ids.add(article.created_by_id)
    return sorted(ids)


def notify(
    article: Article,
    *,
    kind: str,
    message: str,
    recipients: Iterable[int],
    actor=None,
) -> list[Notification]:
    """Write one notification per recipient who may read the story; e-mail after commit."""
    actor_id = actor.pk if actor is not None else None
    users = get_user_model().objects.filter(pk__in=set(recipients), is_active=True)
    made = [
        Notification(recipient=user, article=article, kind=kind, message=message, actor_id=actor_id)
        for user in users
        if user.pk != actor_id and Article.objects.visible_to(user).filter(pk=article.pk).exists()
    ]
    made = Notification.objects.bulk_create(made)
    ids = [notification.pk for notification in made]
    if ids:
        from .tasks import send_notification_emails

        transaction.on_commit(partial(enqueue, send_notification_emails, ids), robust=True)
    return made


def on_story_moved(sender, *, article: Article, move: ArticleTransition, **kwargs) -> None:
    """``articles.signals.story_moved``: tell the people concerned."""
    actor = move.user
    who = actor.get_username() if actor else _("Someone")
    headline = article.headline
    if move.action == workflow.Action.SUBMIT:
        message = _("%(who)s submitted “%(headline)s” for review.")
        notify(
            article,
            kind=Kind.SUBMITTED,
            message=message % {"who": who, "headline": headline},
            recipients=editors().values_list("pk", flat=True),
            actor=actor,
        )
    elif move.action == workflow.Action.SEND_BACK:
        message = _("%(who)s sent “%(headline)s” back to draft.") % {
            "who": who,
            "headline": headline,
        }
        if move.note:
            message += " " + _("Note: %(note)s") % {"note": move.note}
        notify(
            article,
            kind=Kind.SENT_BACK,
            message=message,
            recipients=story_people(article),
            actor=actor,
        )
    elif move.action == workflow.Action.PUBLISH:
        message = _("%(who)s published “%(headline)s”.")
        notify(
            article,
            kind=Kind.PUBLISHED,
            message=message % {"who": who, "headline": headline},
            recipients=story_people(article),
            actor=actor,
        )
    elif move.action == workflow.Action.SCHEDULE and article.published_at:
        message = _("%(who)s scheduled “%(headline)s” for %(when)s.")
        notify(
            article,
            kind=Kind.SCHEDULED,
            message=message
            % {"who": who, "headline": headline, "when": clock.desk_moment(article.published_at)},
            recipients=story_people(article),
            actor=actor,
        )
