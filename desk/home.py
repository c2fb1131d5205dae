"""The desk's home page, per person: what waits for me, what goes out next.

Every section reads through ``Article.objects.visible_to(user)``, as the
list, search and notifications do, so the home page never shows a story its
reader may not open. Each section is one or two queries, whatever the number
of stories (each shows at most ``ROWS`` rows and counts them all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleTransition, ArticleVisit
from notifications.models import Notification

from .autosave import PRESENCE_WINDOW

ROWS = 10


@dataclass
class Section:
    rows: list = field(default_factory=list)
    count: int = 0


@dataclass
class Home:
    is_editor: bool
    awaiting_review: Section | None
    my_drafts: Section
    sent_back: Section
    scheduled: Section
    recently_published: Section
    editing_now: list[ArticleVisit]
    notifications: list[Notification]
    unread: int


def _section(queryset: QuerySet) -> Section:
    return Section(rows=list(queryset[:ROWS]), count=queryset.count())


def _last_move(field_name: str):
    latest = ArticleTransition.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(latest.values(field_name)[:1])


def for_user(user) -> Home:
    visible = Article.objects.visible_to(user)
    is_editor = workflow.is_editor(user)
    awaiting = None
    if is_editor:
        submitted = (
            ArticleTransition.objects.filter(article=OuterRef("pk"), action=workflow.Action.SUBMIT)
            .order_by("-created_at", "-pk")
            .values("created_at")[:1]
        )
        awaiting = _section(
            visible.filter(status=Article.Status.REVIEW)
            .annotate(submitted_at=Subquery(submitted))
            .order_by("submitted_at", "updated_at", "pk")
            .select_related("created_by")
        )
    own_drafts = (
        visible.owned_by(user)
        .filter(status=Article.Status.DRAFT)
        .annotate(
            last_action=_last_move("action"),
            last_note=_last_move("note"),
            last_moved_at=_last_move("created_at"),
            last_mover=_last_move("user__username"),
        )
    )
    sent_back = own_drafts.filter(last_action=workflow.Action.SEND_BACK).order_by("-last_moved_at")
    drafts = own_drafts.filter(
        Q(last_action__isnull=True) | ~Q(last_action=workflow.Action.SEND_BACK)
    ).order_by("-updated_at")
    present_since = timezone.now() - PRESENCE_WINDOW
    editing_now = list(
        ArticleVisit.objects.filter(seen_at__gte=present_since, article__in=visible.values("pk"))
        .exclude(user=user)
        .select_related("user", "article")
        .order_by("-seen_at")[:ROWS]
    )
    inbox = Notification.objects.for_user(user)
    unread = inbox.unread()
    return Home(
        is_editor=is_editor,
        awaiting_review=awaiting,
        my_drafts=_section(drafts),
        sent_back=_section(sent_back),
        scheduled=_section(visible.scheduled().order_by("published_at", "pk")),
        recently_published=_section(visible.published().order_by("-published_at", "-pk")),
        editing_now=editing_now,
        notifications=list(unread[:5]),
        unread=unread.count(),
    )
