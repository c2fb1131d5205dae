"""The article: its fields, its readers' visibility and how it reads on the page."""

from __future__ import annotations

import datetime
import functools
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ..sanitizer import sanitize_html
from .taxonomy import Author, Dateline, Tag
from .visibility import Status, published_q, scheduled_q

if TYPE_CHECKING:
    from .records import ArticleNote


def _notes_model() -> type[ArticleNote]:
    """ArticleNote, which refers to Article and so is defined after it."""
    from .records import ArticleNote

    return ArticleNote


# Editors' permission: publish, schedule, send back, withdraw, read everything.
PUBLISH_PERMISSION = "articles.publish_article"


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


# An agency's pubStatus values under which its copy must not be published.
WITHHELD_WIRE_STATUSES = frozenset({"withheld", "canceled"})


def _own_q(user) -> Q:
    bylined = Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"), author__user=user))
    return Q(created_by=user) | Q(bylined)


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """Exactly what readers may see: published, and not scheduled for later."""
        return self.filter(published_q())

    def scheduled(self) -> ArticleQuerySet:
        """Published for a time still to come: on the desk's schedule, not yet public."""
        return self.filter(scheduled_q())

    def visible_to(self, user) -> ArticleQuerySet:
        """What ``user`` may read at the desk: the one rule for lists, search,
        the desk's home and notifications.

        Editors read everything. Other desk staff (reporters) read every
        story, drafts included (the desk's choice: colleagues read each
        other's copy), except copy still under embargo, which only editors
        and the story's own people (its creator, the people in its byline)
        may read. Anyone else reads nothing here.
        """
        if not user or not user.is_active or not user.is_staff:
            return self.none()
        if user.has_perm(PUBLISH_PERMISSION):
            return self
        if not (user.has_perm("articles.view_article") or user.has_perm("articles.change_article")):
            return self.none()
        under_embargo = Q(embargo_until__gt=timezone.now())
        return self.filter(~under_embargo | _own_q(user))

    def owned_by(self, user) -> ArticleQuerySet:
        """``user``'s own stories: created by them, or with them in the byline."""
        return self.filter(_own_q(user))

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
        return (
            self.for_listing()
            .select_related("social_image")
            .prefetch_related(
                Prefetch("notes", queryset=_notes_model().objects.filter(removed_at__isnull=True)),
                "social_image__renditions",
            )
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> ArticleQuerySet:
        """Every story without its search vector.

        The vector is the database's own (a trigger keeps it; search reads it
        inside its queries) and runs to kilobytes a story: loading it into
        Python made every list and page carry it for nothing. A story loaded
        this way also never writes it back when saved.
        """
        return super().get_queryset().defer("search_vector")


# What the URLconf's ``slug`` converter takes (``django.urls.converters``).
_URL_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SAMPLE_DAY, _SAMPLE_SLUG = "0001/02/03", "sample-story"


@functools.lru_cache(maxsize=8)
def _dated_path_around(urlconf: str, script_prefix: str) -> tuple[str, str]:
    """What comes before and after ``yyyy/mm/dd/slug`` in a story's address."""
    sample = reverse(
        "articles:detail",
        kwargs={"year": 1, "month": 2, "day": 3, "slug": _SAMPLE_SLUG},
        urlconf=urlconf,
    )
    before, after = sample.split(f"{_SAMPLE_DAY}/{_SAMPLE_SLUG}", 1)
    return before, after


class Article(models.Model):
    Status = Status

    headline = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        help_text=_("The last part of the article's address; unique for its publication date."),
    )
    standfirst = models.TextField(
        blank=True, help_text=_("The summary under the headline, in one or two sentences.")
    )
    body = models.TextField(blank=True, help_text=_("Cleaned of scripts and styles when saved."))
    byline = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            _(
                "Free text shown verbatim instead of the authors' names, "
                "e.g. “By our correspondents”."
            )
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
            _(
                "Shown above the story and on the front page. The magnifying glass searches "
                "the photo library; the plus uploads a new photo."
            )
        ),
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Publication time. Left empty, publishing sets it to now; "
            "a time in the future schedules the article."
        ),
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Not to be published before this time, by anyone, by any route."),
    )
    # published_at's calendar day in the newsroom's time zone, kept so the
    # dated URL is one indexed lookup and the slug can be unique per day.
    publication_date = models.DateField(null=True, editable=False)
    front_page_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Pin to the front page: 1 is the lead story, 2, 3… the top stories "
            "in that order. Empty: placed by time, newest first. The front-page board "
            "arranges every slot at once."
        ),
    )
    # Search and social: each falls back to the headline, standfirst or lead
    # image when empty (``seo_title_or_headline`` and friends below).
    seo_title = models.CharField(
        _("SEO title"),
        max_length=255,
        blank=True,
        help_text=_(
            "The title search engines show (about 60 characters are shown); empty: the headline."
        ),
    )
    meta_description = models.CharField(
        _("meta description"),
        max_length=320,
        blank=True,
        help_text=_(
            "The summary under the title in search results (about 155 characters are "
            "shown); empty: the standfirst."
        ),
    )
    social_headline = models.CharField(
        _("title on social sites"),
        max_length=255,
        blank=True,
        help_text=_("The title of the link card on social sites; empty: the headline."),
    )
    social_image = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="social_image_of",
        verbose_name=_("picture on social sites"),
        help_text=_("The picture of the link card on social sites; empty: the lead image."),
    )
    # Weighted full-text document (headline A; standfirst, byline, dateline,
    # authors B; body C), written by the database's own triggers on
    # PostgreSQL (migration 0012) and GIN-indexed there; unused on SQLite.
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
        help_text=_("The stable identifier partners see in the ninjs API; never changes."),
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        help_text=_("BCP 47 language of the text (e.g. sv, nb-NO); empty means the site's."),
    )
    source_uri = models.CharField(
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The ninjs uri of the wire item this article was imported from."),
    )
    source_version_created = models.DateTimeField(null=True, blank=True, editable=False)
    wire_status = models.CharField(
        max_length=16,
        blank=True,
        editable=False,
        help_text=_(
            "The agency's pubStatus of the latest imported version; withheld or "
            "canceled copy cannot be published."
        ),
    )
    source_imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_articles",
        verbose_name=_("assigned to"),
        help_text=_("The colleague working on this story now; they may edit it as their own."),
    )
    # Bumped by every save through the desk, checked against the number the
    # editor's form was opened with, so a stale save is refused, not lost.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set when the copy of a live article changes; readers see "Updated …"
    # while published_at keeps the first publication time.
    revised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Live coverage (articles.workflow.start_live / end_live): running while
    # started and not ended, or ended at a time still to come.
    live_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    live_ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication_date", "slug"], name="article_slug_unique_per_day"
            ),
            # One story per front-page slot: the database refuses a second,
            # whatever path writes it (the board, the form, a script).
            models.UniqueConstraint(
                fields=["front_page_position"],
                condition=models.Q(front_page_position__isnull=False),
                name="article_one_story_per_front_slot",
                violation_error_message=_(
                    "Another story already holds this front-page slot; clear it first "
                    "(the front-page board moves both at once)."
                ),
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
        """``/2017/01/18/slug/``: also the shape of addresses a story has left.

        The URLconf's address, reversed once with a sample story and filled
        in for each: a sitemap page names 5,000 stories, and ``reverse`` was
        two fifths of its time. A slug the URL would not take is left to
        ``reverse``, which refuses it.
        """
        if not _URL_SLUG.fullmatch(slug):
            return reverse(
                "articles:detail",
                kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": slug},
            )
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        before, after = _dated_path_around(urlconf, get_script_prefix())
        return f"{before}{day.year:04d}/{day.month:02d}/{day.day:02d}/{slug}{after}"

    # --- Domain rules ---------------------------------------------------
    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # What is stored was sanitised on its way in.
        article._sanitised_body = article.__dict__.get("body", "")
        return article

    def sanitise_body(self) -> None:
        """Run the body through the sanitiser, once per change of the text.

        A desk save passes the form's clean, ``editing.save_edit`` and
        ``save``; only the first does the work. Raises ``MarkupRefused`` for
        a body over the size or nesting limits.
        """
        if self.body != getattr(self, "_sanitised_body", None):
            self.body = sanitize_html(self.body)
            self._sanitised_body = self.body

    def _prepare_for_save(self) -> None:
        """Derive what must never be typed by hand or trusted from input."""
        self.sanitise_body()
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
                        "slug": _(
                            "Another article published on %(day)s already has this slug. "
                            "Choose a different one."
                        )
                        % {"day": date_format(self.publication_date, "j F Y")}
                    }
                )

    @property
    def withheld_by_agency(self) -> bool:
        return self.wire_status in WITHHELD_WIRE_STATUSES

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

    @property
    def in_live_coverage(self) -> bool:
        """Running live: started, and not ended (or ending later)."""
        return self.live_started_at is not None and (
            self.live_ended_at is None or self.live_ended_at > timezone.now()
        )

    @property
    def live_coverage_ended(self) -> bool:
        """Was live once: its page keeps the updates and says coverage has ended."""
        return self.live_started_at is not None and not self.in_live_coverage

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
    def page_title(self) -> str:
        """The <title> and search result title: the SEO title, else the headline."""
        return self.seo_title or self.headline

    @property
    def page_description(self) -> str:
        """The meta description: the one written for search, else the standfirst."""
        return self.meta_description or self.standfirst

    @property
    def card_headline(self) -> str:
        """The title of a link card on social sites."""
        return self.social_headline or self.headline

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
        WRITER = "writer", _("Writer")
        ADDITIONAL_REPORTING = "additional-reporting", _("Additional reporting")
        PHOTOGRAPHS = "photographs", _("Photographs")
        ANALYSIS = "analysis", _("Analysis")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_links")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.WRITER)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_once"),
        ]
        verbose_name = _("byline author")

    def __str__(self) -> str:
        return f"{self.author} ({self.get_role_display()})"
