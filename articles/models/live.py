"""Live coverage: the short, timestamped updates of a story that is running live.

A story is in live coverage while it has a start and no end (or an end
still to come); see ``Article.in_live_coverage``. Its updates are
``LiveUpdate`` rows. Readers, feeds, JSON-LD and the API see only
``LiveUpdate.objects.visible()``: published, not removed, on a story
readers may see. A removed update is kept on record, like a removed
correction, and never shown again.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..sanitizer import sanitize_html
from .article import Article
from .taxonomy import Author
from .visibility import published_q


class LiveUpdateQuerySet(models.QuerySet):
    def visible(self) -> LiveUpdateQuerySet:
        """What readers may see: published, not removed, of a published story."""
        return self.filter(
            published_q("article__"),
            status=LiveUpdate.Status.PUBLISHED,
            removed_at__isnull=True,
        )

    def newest_first(self) -> LiveUpdateQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_page(self) -> LiveUpdateQuerySet:
        """With their authors, in one more query whatever their number."""
        return self.prefetch_related("authors")


class LiveUpdate(models.Model):
    """One update of a live story: posted in seconds from the desk's compact form."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    title = models.CharField(_("title"), max_length=255, blank=True)
    body = models.TextField(_("body"), help_text=_("Cleaned of scripts and styles when saved."))
    authors = models.ManyToManyField(Author, related_name="live_updates", blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    key_event = models.BooleanField(_("key event"), default=False)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # When readers first saw it: set on publishing, the order of the page.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the text of a published update is corrected ("Updated 14:05").
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # The compact form's key: a post retried after a dropped connection
    # finds the update the first attempt made instead of making another.
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "idempotency_key"], name="live_update_posted_once"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "status", "-published_at"], name="live_update_stream"),
        ]

    def __str__(self) -> str:
        return self.title or gettext("Update %(number)s on “%(article)s”") % {
            "number": self.pk,
            "article": self.article,
        }

    def save(self, *args, **kwargs) -> None:
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The permalink: the story's page opened at this update."""
        return f"{self.article.get_absolute_url()}?update={self.pk}#{self.anchor}"

    @property
    def shown_at(self) -> datetime.datetime:
        """When readers first saw it (its creation, for a draft never published)."""
        return self.published_at or self.created_at

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"
