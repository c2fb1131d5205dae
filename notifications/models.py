"""A notification for one person about one story, their e-mail choice, and the
clock's notices already given (so none is given twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """``user``'s own notifications about stories they may still read
        (``Article.objects.visible_to``), newest first."""
        return (
            self.filter(recipient=user, article__in=Article.objects.visible_to(user).values("pk"))
            .select_related("article", "actor")
            .order_by("-created_at", "-pk")
        )

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent_back", _("Sent back")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        WENT_LIVE = "went_live", _("Went live")
        EMBARGO_LIFTED = "embargo_lifted", _("Embargo lifted")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who made the move; empty for the clock's notices."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When the e-mail went out; empty if none was sent (turned off, no address).
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.message


class NotificationPreference(models.Model):
    """One person's choice about notification e-mail (on unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(
        _("e-mail me notifications"),
        default=True,
        help_text=_("Notifications always show in the desk; this sends them by e-mail too."),
    )

    def __str__(self) -> str:
        return f"{self.user}: e-mail {'on' if self.email else 'off'}"

    @staticmethod
    def wants_email(user) -> bool:
        preference = NotificationPreference.objects.filter(user=user).first()
        return preference is None or preference.email


class DueNotice(models.Model):
    """A clock event already told: an embargo that lifted, a story that went live.

    One row per story, kind and moment (the unique constraint): however
    often, and however many schedulers, run ``send_due_notifications``, the
    same event is told once. A new embargo time is a new event.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    moment = models.DateTimeField()
    noticed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "moment"], name="due_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article} at {self.moment}"
