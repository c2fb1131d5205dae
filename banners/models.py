"""Announcements: the breaking news or service notice in the top banner."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_link(url: str) -> bool:
    """An http(s) address or a path on this site: nothing a click could run.

    Browsers drop tabs and newlines inside a scheme (``java\tscript:``) and
    leading spaces, so any control character or space refuses the link.
    """
    if not url or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        return False
    if url.startswith("/"):
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def validate_web_link(url: str) -> None:
    if url and not is_web_link(url):
        raise ValidationError(
            _("The link must be a web address starting with https:// or http://."),
            code="not_a_web_link",
        )


class AnnouncementQuerySet(models.QuerySet):
    def current(self, now=None) -> "AnnouncementQuerySet":
        """Switched on, started and not yet ended, the latest start first.

        The first of these is what readers see: when several overlap, the one
        that started last is the freshest news.
        """
        now = now or timezone.now()
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now), is_active=True, starts_at__lte=now
        ).order_by("-starts_at", "-pk")


class Announcement(models.Model):
    class Style(models.TextChoices):
        BREAKING = "breaking", _("Breaking news")
        NOTICE = "notice", _("Notice")

    message = models.CharField(
        max_length=280, help_text=_("One sentence, shown in the top banner.")
    )
    link = models.URLField(
        blank=True,
        validators=[validate_web_link],
        help_text=_("Optional: where the message leads, e.g. the story."),
    )
    starts_at = models.DateTimeField(default=timezone.now, help_text=_("Shown from this time."))
    ends_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Hidden from this time; empty keeps it up until switched off."),
    )
    style = models.CharField(max_length=16, choices=Style.choices, default=Style.NOTICE)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Switch off to take it down at once.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["is_active", "-starts_at"], name="announcement_current"),
        ]

    def __str__(self) -> str:
        return self.message

    def save(self, *args, **kwargs) -> None:
        # However it was written (the admin form, a script, an import), a
        # link a click could run is never stored.
        if self.link:
            validate_web_link(self.link)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})

    @property
    def banner_key(self) -> str:
        """What a reader's Close cookie holds: a new announcement has a new key."""
        return f"a{self.pk}"
