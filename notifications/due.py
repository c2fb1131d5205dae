"""What the clock does: embargoes lifting and scheduled stories going live.

``send_due_notifications()`` is run every minute (Celery beat's
``send-due-notifications``, or ``manage.py send_due_notifications`` from cron
where there is no scheduler). It looks back ``LOOKBACK`` (so a scheduler that
was down catches up) and tells each event once: the ``DueNotice`` row for a
story, kind and moment is written in the same transaction as the
notifications, and its unique constraint turns a second telling, by a later
run or a concurrent one, into nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import clock
from articles.models import Article, ArticleTransition, published_q

from .models import DueNotice, Notification
from .notify import editors, notify, story_people

Kind = Notification.Kind
LOOKBACK = timedelta(days=1)


def _not_told(kind: str, moment_field: str):
    return ~Exists(
        DueNotice.objects.filter(article=OuterRef("pk"), kind=kind, moment=OuterRef(moment_field))
    )


def _tell_once(article: Article, *, kind: str, moment: datetime, message: str, recipients) -> bool:
    try:
        with transaction.atomic():
            DueNotice.objects.create(article=article, kind=kind, moment=moment)
            notify(article, kind=kind, message=message, recipients=recipients)
    except IntegrityError:
        return False  # told already, by another run
    return True


def send_due_notifications(now: datetime | None = None) -> int:
    """Tell what happened by the clock since the last run; returns how many events."""
    now = now or timezone.now()
    since = now - LOOKBACK
    told = 0

    lifted = (
        Article.objects.filter(embargo_until__gt=since, embargo_until__lte=now)
        .exclude(status=Article.Status.WITHDRAWN)
        .filter(_not_told(Kind.EMBARGO_LIFTED, "embargo_until"))
    )
    editor_ids = list(editors().values_list("pk", flat=True)) if lifted else []
    for article in lifted:
        lifted_at = article.embargo_until
        if lifted_at is None:  # filtered out above; for the type checker
            continue
        message = _("The embargo on “%(headline)s” lifted at %(when)s.") % {
            "headline": article.headline,
            "when": clock.desk_moment(lifted_at),
        }
        recipients = {*editor_ids, *story_people(article)}
        told += _tell_once(
            article,
            kind=Kind.EMBARGO_LIFTED,
            moment=lifted_at,
            message=message,
            recipients=recipients,
        )

    # Scheduled: the move that published it was made before its time came.
    scheduled_moves = ArticleTransition.objects.filter(
        article=OuterRef("pk"),
        to_status=Article.Status.PUBLISHED,
        created_at__lt=OuterRef("published_at"),
    )
    went_live = (
        Article.objects.filter(published_q(now=now), published_at__gt=since)
        .filter(Exists(scheduled_moves))
        .filter(_not_told(Kind.WENT_LIVE, "published_at"))
    )
    for article in went_live:
        live_at = article.published_at
        if live_at is None:  # filtered out above; for the type checker
            continue
        scheduler = (
            ArticleTransition.objects.filter(
                article=article, to_status=Article.Status.PUBLISHED, user__isnull=False
            )
            .values_list("user_id", flat=True)
            .first()
        )
        message = _("“%(headline)s” went live at %(when)s.") % {
            "headline": article.headline,
            "when": clock.desk_moment(live_at),
        }
        told += _tell_once(
            article,
            kind=Kind.WENT_LIVE,
            moment=live_at,
            message=message,
            recipients={*story_people(article), *([scheduler] if scheduler else [])},
        )
    return told
