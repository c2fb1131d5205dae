"""E-mail for notifications, and the clock's minute, as tasks for the queue's workers."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from celery import shared_task
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reader.site import absolute_url

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send_emails", bind=True, acks_late=True, max_retries=5)
def send_notification_emails(self, notification_ids: list[int]) -> int:
    """Mail each notification not yet mailed to a recipient who wants e-mail.

    Returns how many went out. A notification is marked as mailed only once
    the SMTP server took it; when the server is away a worker tries again
    later (in-process, without a broker, the failure is logged).
    """
    waiting = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient", "article")
    messages: list[tuple[Notification, EmailMessage]] = []
    settings_link = absolute_url(reverse("admin:notifications_notification_changelist"))
    for notification in waiting:
        recipient = notification.recipient
        if not recipient.email or not NotificationPreference.wants_email(recipient):
            continue
        link = absolute_url(
            reverse("admin:articles_article_change", args=[notification.article_id])
        )
        body = render_to_string(
            "notifications/email.txt",
            {"notification": notification, "link": link, "settings_link": settings_link},
        )
        subject = f"[{notification.get_kind_display()}] {notification.article.headline}"
        messages.append((notification, EmailMessage(subject[:200], body, to=[recipient.email])))
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            sent = 0
            for notification, email in messages:
                sent += connection.send_messages([email]) or 0
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    except (OSError, SMTPException) as error:
        logger.warning("Notification e-mail not delivered: %s", error)
        if self.request.is_eager:
            return 0
        raise self.retry(exc=error, countdown=60) from error
    return sent


@shared_task(name="notifications.send_due")
def send_due_notifications_task() -> int:
    from .due import send_due_notifications

    return send_due_notifications()
