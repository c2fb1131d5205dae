"""What readers may see, as query conditions every part of Newsroom shares.

``published_q`` is the one statement of the rule (in the manner of
Wagtail's ``live_q``): published, and its time has come. The time test is
made per query, so a scheduled story goes live at its moment with no worker
or cron job. ``prefix`` applies the rule across a relation, e.g.
``published_q("articles__")`` on tags.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def published_q(prefix: str = "", *, now: datetime | None = None) -> Q:
    """Live: published, with a publication time that has come."""
    return Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__lte": now or timezone.now(),
        }
    )


def scheduled_q(prefix: str = "", *, now: datetime | None = None) -> Q:
    """Scheduled: published, with a publication time still to come."""
    return Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__gt": now or timezone.now(),
        }
    )
