"""What goes where on the front page, decided in a fixed number of queries.

Editors pin stories with ``front_page_position`` (1 is the lead, then the top
stories in their order; ``articles.front_page`` and the desk's board); the
rest of the page fills itself, newest first.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from articles.front_page import SLOTS, TOP_STORY_SLOTS
from articles.models import Article, Tag, published_q

TOP_STORIES = TOP_STORY_SLOTS
PINNED_LIMIT = len(SLOTS)
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


def pinned_stories(published: QuerySet) -> QuerySet:
    """The stories editors pinned to page one, in their slots' order."""
    return published.filter(front_page_position__isnull=False).order_by(
        "front_page_position", "-published_at", "-pk"
    )[:PINNED_LIMIT]


def compose(pinned: list, newest: list) -> FrontPage:
    """Lay out page one from the ``pinned`` stories and ``newest`` (a page of the river).

    The topic blocks (``active_tag_blocks``) are laid out apart: they are
    kept as a piece of their own (``reader.views.front_page``).
    """
    pinned_ids = {article.pk for article in pinned}
    unpinned = [article for article in newest if article.pk not in pinned_ids]
    placed = (pinned + unpinned)[: 1 + TOP_STORIES]
    placed_ids = {article.pk for article in placed}
    return FrontPage(
        lead=placed[0] if placed else None,
        top_stories=placed[1:],
        latest=[article for article in unpinned if article.pk not in placed_ids],
    )


def active_tag_blocks() -> list[TagBlock]:
    """The topics with the most stories lately, each with its newest of those.

    Three queries, whatever the archive's size. The tag links of the stories
    published in the last ``ACTIVE_TAG_WINDOW`` come newest first (the
    publication-time index finds the stories, the links' own index their
    tags: a month's news, never the whole archive) and are counted here;
    then the names of the busiest tags (ties go by name), and the chosen
    stories' headlines, by id.
    """
    now = timezone.now()
    recent_links = (
        Article.tags.through.objects.filter(
            published_q("article__", now=now),
            article__published_at__gte=now - ACTIVE_TAG_WINDOW,
        )
        .order_by("-article__published_at", "-article_id")
        .values_list("tag_id", "article_id")
    )
    counts: Counter[int] = Counter()
    newest: dict[int, list[int]] = {}
    for tag_id, article_id in recent_links:
        counts[tag_id] += 1
        stories = newest.setdefault(tag_id, [])
        if len(stories) < STORIES_PER_TAG_BLOCK:
            stories.append(article_id)
    if not counts:
        return []
    # Every tag as busy as the last one shown may take its place by name.
    least = sorted(counts.values(), reverse=True)[:ACTIVE_TAG_BLOCKS][-1]
    candidates = Tag.objects.filter(
        pk__in=[tag_id for tag_id, count in counts.items() if count >= least]
    ).only("name", "slug")
    busiest = sorted(candidates, key=lambda tag: (-counts[tag.pk], tag.name, tag.pk))
    blocks = [TagBlock(tag) for tag in busiest[:ACTIVE_TAG_BLOCKS]]
    wanted = {article_id for block in blocks for article_id in newest[block.tag.pk]}
    articles = Article.objects.only("headline", "slug", "published_at", "publication_date").in_bulk(
        wanted
    )
    for block in blocks:
        block.articles = [articles[article_id] for article_id in newest[block.tag.pk]]
    return blocks


def related_articles(article: Article, limit: int = 5) -> list[Article]:
    """Up to ``limit`` other published stories sharing a tag, newest first.

    One query (and one for the article's tags unless they were prefetched):
    a subquery on the tag links avoids duplicate rows without DISTINCT.
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
