"""The newsroom's core: articles and the people, places and topics they name."""

import re
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .sanitizer import sanitize_html


class Author(models.Model):
    """A name that can stand in a byline: staff, guest contributor or agency.

    Authors need no login; ``user`` links one to an account when the person
    also works in the editorial admin.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True, help_text="A sentence or two shown under the article.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The editorial account of this author, if they have one.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class Dateline(models.Model):
    """The place a story was reported from (``MOSCOW:`` before the first line)."""

    name = models.CharField(max_length=120, help_text="The place, e.g. Moscow.")
    slug = models.SlugField(max_length=120, unique=True)
    country = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.country}" if self.country else self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:dateline", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    in_navigation = models.BooleanField(
        "in the masthead",
        default=False,
        help_text="Show this topic as a section in the site's navigation.",
    )
    navigation_order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are shown from the lowest number."
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["in_navigation", "navigation_order"], name="tag_navigation"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Exactly what readers may see: published, and not scheduled for later.

        The time test is made per query, so a scheduled article goes live at
        its moment with no worker or cron job.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self) -> "ArticleQuerySet":
        """Everything a list or page shows, fetched in a fixed number of queries."""
        return self.select_related("dateline", "lead_image").prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author"),
            ),
            "tags",
            "lead_image__renditions",
        )

    def for_article_page(self) -> "ArticleQuerySet":
        """``for_listing`` plus the public notes: the reader's page and previews."""
        return self.for_listing().prefetch_related(
            Prefetch("notes", queryset=ArticleNote.objects.filter(removed_at__isnull=True))
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        help_text="The last part of the article's address; unique for its publication date.",
    )
    standfirst = models.TextField(
        blank=True, help_text="The summary under the headline, in one or two sentences."
    )
    body = models.TextField(blank=True, help_text="Cleaned of scripts and styles when saved.")
    byline = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "Free text shown verbatim instead of the authors' names, "
            "e.g. \u201cBy our correspondents\u201d."
        ),
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    dateline = models.ForeignKey(
        Dateline, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)
    lead_image = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of",
        help_text=(
            "Shown above the story and on the front page. The magnifying glass searches "
            "the photo library; the plus uploads a new photo."
        ),
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Publication time. Left empty, publishing sets it to now; "
        "a time in the future schedules the article.",
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Not to be published before this time, by anyone, by any route.",
    )
    # published_at's calendar day in the newsroom's time zone, kept so the
    # dated URL is one indexed lookup and the slug can be unique per day.
    publication_date = models.DateField(null=True, editable=False)
    front_page_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Pin to the front page: 1 is the lead story, 2, 3… the top stories "
        "in that order. Empty: placed by time, newest first.",
    )
    # Weighted full-text document (headline A, standfirst B, body C), kept
    # up to date on save on PostgreSQL and GIN-indexed there; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Distribution (feeds, ninjs API, wire imports): see articles/ninjs.py.
    public_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="The stable identifier partners see in the ninjs API; never changes.",
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        help_text="BCP 47 language of the text (e.g. sv, nb-NO); empty means the site's.",
    )
    source_uri = models.CharField(
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The ninjs uri of the wire item this article was imported from.",
    )
    source_version_created = models.DateTimeField(null=True, blank=True, editable=False)
    source_imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Bumped by every save through the desk, checked against the number the
    # editor's form was opened with, so a stale save is refused, not lost.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set when the copy of a live article changes; readers see "Updated …"
    # while published_at keeps the first publication time.
    revised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication_date", "slug"], name="article_slug_unique_per_day"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(
                fields=["front_page_position", "-published_at"], name="article_front_page"
            ),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule, send back and withdraw articles"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self._prepare_for_save()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.dated_path(
            self.publication_date or timezone.localdate(self.published_at), self.slug
        )

    @staticmethod
    def dated_path(day, slug: str) -> str:
        """``/2017/01/18/slug/``: also the shape of addresses a story has left."""
        return reverse(
            "articles:detail",
            kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": slug},
        )

    # --- Domain rules ---------------------------------------------------
    def _prepare_for_save(self) -> None:
        """Derive what must never be typed by hand or trusted from input."""
        self.body = sanitize_html(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.publication_date = timezone.localdate(self.published_at) if self.published_at else None

    def clean(self) -> None:
        self._prepare_for_save()
        if self.publication_date and self.slug:
            clash = Article.objects.filter(
                publication_date=self.publication_date, slug=self.slug
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {
                        "slug": (
                            "Another article published on "
                            f"{date_format(self.publication_date, 'j F Y')} already has this "
                            "slug. Choose a different one."
                        )
                    }
                )

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    # --- Presentation helpers -------------------------------------------
    @property
    def ordered_authors(self) -> list["ArticleAuthor"]:
        """The byline in the editors' order (uses the prefetch when present)."""
        return sorted(self.article_authors.all(), key=lambda link: (link.position, link.pk))

    def authors_by_role(self) -> list[tuple["ArticleAuthor.Role", list["Author"]]]:
        """Byline lines as newspapers print them: writers first, then each
        other role, names in the editors' order within each."""
        by_role: dict[str, list[Author]] = {}
        for link in self.ordered_authors:
            by_role.setdefault(link.role, []).append(link.author)
        return [(role, by_role[role]) for role in ArticleAuthor.Role if role in by_role]

    @property
    def top_notes(self) -> list["ArticleNote"]:
        """Corrections, shown near the headline (uses the prefetch when present)."""
        return [note for note in self.notes.all() if note.shows_at_top and not note.removed_at]

    @property
    def foot_notes(self) -> list["ArticleNote"]:
        """Clarifications, updates and editor's notes, shown after the story."""
        return [note for note in self.notes.all() if not note.shows_at_top and not note.removed_at]

    def body_with_dateline(self) -> SafeString:
        """The stored body with ``MOSCOW:`` run into its first paragraph.

        The dateline is real text in the HTML (not CSS), so feeds, screen
        readers and copy-paste all carry it, as on the printed page.
        """
        body = self.body  # sanitised on save: safe to mark as such
        if not self.dateline_id:
            return mark_safe(body)  # noqa: S308 - body is nh3-sanitised on save
        dateline = format_html('<span class="dateline">{}:</span> ', self.dateline.name.upper())
        match = _FIRST_PARAGRAPH.search(body)
        if match is None:
            return format_html("<p>{}</p>{}", dateline, mark_safe(body))  # noqa: S308
        at = match.end()
        return mark_safe(body[:at] + dateline + body[at:])  # noqa: S308


_FIRST_PARAGRAPH = re.compile(r"<p>")


class ArticleAuthor(models.Model):
    """One name in an article's byline, in the place and role editors chose."""

    class Role(models.TextChoices):
        WRITER = "writer", "Writer"
        ADDITIONAL_REPORTING = "additional-reporting", "Additional reporting"
        PHOTOGRAPHS = "photographs", "Photographs"
        ANALYSIS = "analysis", "Analysis"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_links")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.WRITER)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_once"),
        ]
        verbose_name = "byline author"

    def __str__(self) -> str:
        return f"{self.author} ({self.get_role_display()})"


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
    def summary(self) -> str:
        """``Send back to draft. Note: check the second source.`` for histories."""
        from .workflow import Action

        label = Action(self.action).label if self.action in Action.values else self.action
        return f"{label}." + (f" Note: {self.note}" if self.note else "")


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
        return self.filter(
            removed_at__isnull=True,
            article__in=Article.objects.published(),
        )


class ArticleNote(models.Model):
    """A dated public note on a published story: the newsroom's record of changes.

    Notes are never deleted; removing one records who removed it, when and
    why (see ``articles.corrections``).
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        EDITORS_NOTE = "editors-note", "Editor\u2019s note"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(help_text="Shown to readers as written, with the date.")
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
        help_text="The revision of the article this note accompanies.",
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    objects = ArticleNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "correction or note"
        verbose_name_plural = "corrections and notes"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on \u201c{self.article}\u201d"

    @property
    def shows_at_top(self) -> bool:
        """A correction goes near the headline; the other kinds at the foot."""
        return self.kind == self.Kind.CORRECTION


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
