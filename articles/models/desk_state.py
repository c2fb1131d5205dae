"""Desk state that is not the story: autosaved typing and who has it open."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article


class DraftBuffer(models.Model):
    """What one user last typed into an article's form, autosaved, not yet saved.

    Not a revision: the history stays a record of real saves. Reopening the
    article offers to restore it; saving the article clears it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(default=dict)
    # The article version the user was editing, so restoring and saving after
    # someone else's save is caught as a stale save.
    base_version = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_draft_buffer_per_user"),
        ]

    def __str__(self) -> str:
        return f"Unsaved text of {self.article} by {self.user}"


class ArticleVisit(models.Model):
    """Who has an article's form open: refreshed on opening and by autosave."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_visit_per_user"),
        ]
        indexes = [models.Index(fields=["article", "-seen_at"], name="article_visit_recent")]

    def __str__(self) -> str:
        return f"{self.user} on {self.article}"
