"""The article: its fields, its readers' visibility and how it reads on the page."""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

from ..sanitizer import sanitize_html
from .taxonomy import Author, Dateline, Tag
from .visibility import Status, published_q, scheduled_q

if TYPE_CHECKING:
    from .records import ArticleNote


def _notes_model() -> type[ArticleNote]:
    """ArticleNote, which refers to Article and so is defined after it."""
    from .records import ArticleNote

    return ArticleNote


@dataclass(frozen=True)
class PublicFacts:
    """What readers can see of a story that other pages point to.

    Sent with ``articles.signals.story_changed`` before and after every
    write, so the apps above the domain can tell which of their pages show
    the story (its own address, its sections, its days) without asking.
    Tags and authors are read only for a story that is published.
    """

    pk: int
    public_id: uuid.UUID
    is_live: bool
    is_scheduled: bool
    slug: str
    path: str | None
    publication_date: datetime.date | None
    tag_slugs: frozenset[str] = frozenset()
    author_slugs: frozenset[str] = frozenset()
    dateline_slug: str | None = None


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """Exactly what readers may see: published, and not scheduled for later."""
        return self.filter(published_q())

    def scheduled(self) -> ArticleQuerySet:
        """Published for a time still to come: on the desk's schedule, not yet public."""
        return self.filter(scheduled_q())

    def for_listing(self) -> ArticleQuerySet:
        """Everything a list or page shows, fetched in a fixed number of queries."""
        return self.select_related("dateline", "lead_image").prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author"),
            ),
            "tags",
            "lead_image__renditions",
        )

    def for_article_page(self) -> ArticleQuerySet:
        """``for_listing`` plus the public notes: the reader's page and previews."""
        return self.for_listing().prefetch_related(
            Prefetch("notes", queryset=_notes_model().objects.filter(removed_at__isnull=True))
        )


class Article(models.Model):
    Status = Status

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
    authors: models.ManyToManyField[Author, ArticleAuthor] = models.ManyToManyField(
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
    # Weighted full-text document (headline A; standfirst, byline, dateline,
    # authors B; body C), written by the database's own triggers on
    # PostgreSQL (migration 0008) and GIN-indexed there; unused on SQLite.
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
            # The desk's article list, every state, newest first (its default order).
            models.Index(fields=["-published_at", "-id"], name="article_newest_first"),
            # The sitemap's pages, oldest first, read from the index alone
            # (PostgreSQL): page 20 skips 95,000 entries, not 95,000 rows.
            models.Index(
                fields=["status", "published_at", "id"],
                include=["slug", "publication_date", "updated_at"],
                name="article_sitemap_order",
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
        """What ``published_q`` says of the stored row, for this instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        """What ``scheduled_q`` says of the stored row, for this instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def public_facts(self) -> PublicFacts:
        """This stored story as ``PublicFacts`` (queries its tags and authors if published)."""
        published = self.status == self.Status.PUBLISHED and self.publication_date is not None
        return PublicFacts(
            pk=self.pk,
            public_id=self.public_id,
            is_live=self.is_live,
            is_scheduled=self.is_scheduled,
            slug=self.slug,
            path=self.get_absolute_url() if published else None,
            publication_date=self.publication_date if published else None,
            tag_slugs=frozenset(tag.slug for tag in self.tags.all()) if published else frozenset(),
            author_slugs=(
                frozenset(author.slug for author in self.authors.all())
                if published
                else frozenset()
            ),
            dateline_slug=self.dateline.slug if published and self.dateline else None,
        )

    # --- Presentation helpers -------------------------------------------
    @property
    def ordered_authors(self) -> list[ArticleAuthor]:
        """The byline in the editors' order (uses the prefetch when present)."""
        return sorted(self.article_authors.all(), key=lambda link: (link.position, link.pk))

    def authors_by_role(self) -> list[tuple[ArticleAuthor.Role, list[Author]]]:
        """Byline lines as newspapers print them: writers first, then each
        other role, names in the editors' order within each."""
        by_role: dict[str, list[Author]] = {}
        for link in self.ordered_authors:
            by_role.setdefault(link.role, []).append(link.author)
        return [(role, by_role[role]) for role in ArticleAuthor.Role if role in by_role]

    @property
    def top_notes(self) -> list[ArticleNote]:
        """Corrections, shown near the headline (uses the prefetch when present)."""
        return [note for note in self.notes.all() if note.shows_at_top and not note.removed_at]

    @property
    def foot_notes(self) -> list[ArticleNote]:
        """Clarifications, updates and editor's notes, shown after the story."""
        return [note for note in self.notes.all() if not note.shows_at_top and not note.removed_at]

    def body_with_dateline(self) -> SafeString:
        """The stored body with ``MOSCOW:`` run into its first paragraph.

        The dateline is real text in the HTML (not CSS), so feeds, screen
        readers and copy-paste all carry it, as on the printed page.
        """
        body = self.body  # sanitised on save: safe to mark as such
        if self.dateline is None:
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
