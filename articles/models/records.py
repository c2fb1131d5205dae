"""What the newsroom keeps on record about each story: moves, wire versions,
old addresses and public notes (corrections and the like)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .article import Article
from .visibility import published_q


class ArticleTransition(models.Model):
    """One move of an article between states: who, when, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=16, choices=Article.Status.choices)
    to_status = models.CharField(max_length=16, choices=Article.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.article}: {self.from_status} → {self.to_status}"

    @property
    def label(self) -> str:
        """The move's name as the desk's buttons say it: ``Send back to draft``."""
        from ..workflow import Action

        return Action(self.action).label if self.action in Action.values else self.action

    @property
    def summary(self) -> str:
        """``Send back to draft. Note: check the second source.`` for histories."""
        return f"{self.label}." + (f" Note: {self.note}" if self.note else "")


class SourceRevision(models.Model):
    """One version of a wire item that changed an article on import.

    Older or equal versions are not recorded: they changed nothing.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="source_revisions")
    version_created = models.DateTimeField(null=True)
    note = models.TextField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.note


class ArticleRedirect(models.Model):
    """A path an article was once published at; it answers 301 to the current one forever."""

    old_path = models.CharField(max_length=400, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_paths")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.article}"


class ArticleNoteQuerySet(models.QuerySet):
    def on_record(self) -> "ArticleNoteQuerySet":
        """Notes readers see: not removed, on articles readers may see."""
        return self.filter(published_q("article__"), removed_at__isnull=True)


class ArticleNote(models.Model):
    """A dated public note on a published story: the newsroom's record of changes.

    Notes are never deleted; removing one records who removed it, when and
    why (see ``articles.corrections``).
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")
        EDITORS_NOTE = "editors-note", _("Editor’s note")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(help_text=_("Shown to readers as written, with the date."))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The revision of the article this note accompanies."),
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    objects = ArticleNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("correction or note")
        verbose_name_plural = _("corrections and notes")

    def __str__(self) -> str:
        return gettext("%(kind)s on “%(article)s”") % {
            "kind": self.get_kind_display(),
            "article": self.article,
        }

    @property
    def shows_at_top(self) -> bool:
        """A correction goes near the headline; the other kinds at the foot."""
        return self.kind == self.Kind.CORRECTION
