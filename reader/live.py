"""The live page's updates: the pinned one, the key events, and a page of the stream.

A fixed number of queries whatever the number of updates: the pinned
update, the key events, the page's count and rows and their authors (and
two more to find the page of ``?update=<id>``). The polling address serves
the newest ``POLL_WINDOW`` updates as rendered HTML, the same for every
reader, so one cached copy (and its ETag) answers them all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Article, LiveUpdate

# The newest 50 on the first page, then older pages of 50.
LIVE_PAGE_SIZE = 50
# How many of the newest updates the polling address carries.
POLL_WINDOW = 20


def _visible(article: Article):
    return LiveUpdate.objects.visible().filter(article=article)


def _page_of(stream, raw_id: str) -> int | None:
    """The stream's page holding update ``raw_id``, or None when it is not there."""
    if not raw_id.isdigit() or len(raw_id) > 18:
        return None
    target = stream.filter(pk=int(raw_id)).values("published_at", "pk").first()
    if target is None:
        return None
    newer = stream.filter(
        Q(published_at__gt=target["published_at"])
        | Q(published_at=target["published_at"], pk__gt=target["pk"])
    ).count()
    return newer // LIVE_PAGE_SIZE + 1


def polling_url(article: Article) -> str:
    day = article.publication_date
    if day is None:
        raise ValueError(f"Article {article.pk} is not published: it has no address.")
    return reverse(
        "articles:live-updates",
        kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": article.slug},
    )


def page_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    """What the live page shows of ``article``'s updates, for this request's page."""
    visible = _visible(article)
    pinned = visible.filter(pinned=True).newest_first().for_page().first()
    key_events = list(
        visible.filter(key_event=True).newest_first().only("pk", "title", "body", "published_at")
    )
    stream = visible.exclude(pk=pinned.pk) if pinned is not None else visible
    number: int | str = request.GET.get("page", 1)
    if "update" in request.GET:
        if pinned is not None and request.GET["update"] == str(pinned.pk):
            number = 1
        else:
            number = _page_of(stream, request.GET["update"]) or number
    paginator = Paginator(stream.newest_first().for_page(), LIVE_PAGE_SIZE)
    try:
        page = paginator.page(number)
    except InvalidPage as exc:
        raise Http404("No such page of updates.") from exc
    updates = list(page.object_list)
    for update in [*updates, *key_events, *([pinned] if pinned else [])]:
        update.article = article  # permalinks without a query each
    on_page = {update.pk for update in updates} | ({pinned.pk} if pinned else set())
    return {
        "live_pinned": pinned,
        "live_key_events": key_events,
        "live_updates": updates,
        "live_page_obj": page,
        "live_on_page": on_page,
        "live_polling_url": polling_url(article) if article.in_live_coverage else None,
        "live_poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
        "live_shown": ([pinned] if pinned else []) + updates,
    }


def polling_payload(article: Article) -> dict[str, Any]:
    """The newest updates as the page would show them; nothing in it depends on the clock."""
    newest = list(_visible(article).newest_first().for_page()[:POLL_WINDOW])
    for update in newest:
        update.article = article
    return {
        "ended": not article.in_live_coverage,
        "updates": [
            {
                "id": update.pk,
                "pinned": update.pinned,
                "published": update.published_at.isoformat(),
                "version": update.updated_at.isoformat(),
                "html": render_to_string(
                    "articles/_live_update.html", {"update": update, "article": article}
                ),
            }
            for update in newest
        ],
    }
