"""What goes where on the front page, decided in a fixed number of queries.

Editors pin stories with ``front_page_position`` (1 is the lead, then the top
stories in their order); the rest of the page fills itself, newest first.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Article, Tag, published_q

TOP_STORIES = 4
PINNED_LIMIT = 1 + TOP_STORIES
ACTIVE_TAG_BLOCKS = 3
STORIES_PER_TAG_BLOCK = 3
ACTIVE_TAG_WINDOW = timedelta(days=30)


@dataclass
class TagBlock:
    tag: Tag
    articles: list[Article] = field(default_factory=list)


@dataclass
class FrontPage:
    lead: Article | None
    top_stories: list[Article]
    latest: list[Article]
    tag_blocks: list[TagBlock]


def compose(published: QuerySet, newest: list[Article]) -> FrontPage:
    """Lay out page one from the pinned stories and ``newest`` (a page of the river)."""
    pinned = list(
        published.filter(front_page_position__isnull=False).order_by(
            "front_page_position", "-published_at", "-pk"
        )[:PINNED_LIMIT]
    )
    pinned_ids = {article.pk for article in pinned}
    unpinned = [article for article in newest if article.pk not in pinned_ids]
    placed = (pinned + unpinned)[: 1 + TOP_STORIES]
    placed_ids = {article.pk for article in placed}
    return FrontPage(
        lead=placed[0] if placed else None,
        top_stories=placed[1:],
        latest=[article for article in unpinned if article.pk not in placed_ids],
        tag_blocks=active_tag_blocks(),
    )


def active_tag_blocks() -> list[TagBlock]:
    """The topics with the most stories lately, each with its newest of those.

    Two queries, both starting from the stories published in the last
    ``ACTIVE_TAG_WINDOW`` (the publication-time index finds them, so the
    cost follows a month's news, not the archive): the busiest tags, counted
    over those stories' tag links, then their newest stories, picked with a
    window function (row number per tag) rather than one query per tag.
    """
    now = timezone.now()
    recent_links = Article.tags.through.objects.filter(
        published_q("article__", now=now),
        article__published_at__gte=now - ACTIVE_TAG_WINDOW,
    )
    busiest = (
        recent_links.values("tag_id", "tag__name", "tag__slug")
        .annotate(recent_count=Count("article_id"))
        .order_by("-recent_count", "tag__name", "tag_id")[:ACTIVE_TAG_BLOCKS]
    )
    blocks = {
        row["tag_id"]: TagBlock(Tag(pk=row["tag_id"], name=row["tag__name"], slug=row["tag__slug"]))
        for row in busiest
    }
    if not blocks:
        return []
    links = (
        recent_links.filter(tag_id__in=blocks)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=F("tag_id"),
                order_by=[F("article__published_at").desc(), F("article_id").desc()],
            )
        )
        .filter(row__lte=STORIES_PER_TAG_BLOCK)  # type: ignore[misc]  # an annotation
        .select_related("article")
        .only(
            "tag_id",
            "article__headline",
            "article__slug",
            "article__published_at",
            "article__publication_date",
        )
        .order_by("tag_id", "row")
    )
    for link in links:
        blocks[link.tag_id].articles.append(link.article)
    return list(blocks.values())


def related_articles(article: Article, limit: int = 5) -> list[Article]:
    """Up to ``limit`` other published stories sharing a tag, newest first.

    One query: the article's tags come from its prefetch, and a subquery on
    the tag links avoids duplicate rows without DISTINCT.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids:
        return []
    sharing = Article.tags.through.objects.filter(tag_id__in=tag_ids).values("article_id")
    return list(
        Article.objects.published()
        .filter(pk__in=sharing)
        .exclude(pk=article.pk)
        .only("headline", "slug", "published_at", "publication_date")
        .order_by("-published_at", "-pk")[:limit]
    )
