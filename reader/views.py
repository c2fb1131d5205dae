"""Reader-facing pages. Thin: the rules live in ``Article.objects.published()``.

Every page here is a public page (``cache_public_page``): the page cache
serves it to every reader, and renews it when what it shows changes.
"""

import dataclasses
import datetime
import hashlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from articles.models import Article, ArticleNote, Author, Dateline, Tag
from articles.search import MAX_QUERY_LENGTH, clean_query, search_articles, uses_full_text

from . import archive, live, story_page
from . import front_page as layout
from .cards import LISTED_COLUMNS, cards_of, give_cards, listed
from .fragments import Fragments, piece
from .page_cache.policy import (
    archive_tokens,
    cache_public_page,
    section_tokens,
    story_path_tokens,
)
from .pagination import Page, page_number, uncounted_page
from .search import attach_snippets
from .throttle import TooBusy, search_slot


def _paginate(request: HttpRequest, queryset) -> dict:
    """Page ``?page=N`` of ``queryset``, uncounted; a bad or out-of-range N is a 404."""
    page = uncounted_page(queryset, request.GET.get("page"), settings.NEWSROOM_PAGE_SIZE)
    return {"page_obj": page, "articles": page.object_list}


def _listing_page(request: HttpRequest, queryset) -> dict:
    """``_paginate`` for a list of stories: each a ``Listed`` (its card's name
    only; the cards come from ``reader.cards``)."""
    page = uncounted_page(
        queryset.values_list(*LISTED_COLUMNS),
        request.GET.get("page"),
        settings.NEWSROOM_PAGE_SIZE,
    )
    page = dataclasses.replace(page, object_list=listed(page.object_list))
    return {"page_obj": page, "articles": page.object_list}


# A list's rows are renewed by every change to what it lists; this bounds
# how long a page nobody asks for stays in the cache.
ROWS_KEEP_SECONDS = 60 * 60


def _list_fragments(request: HttpRequest, *parts, tokens: list[str]) -> Fragments:
    """The fragments of a list page: its kept rows (``"rows"``), the
    masthead's sections and the banner, in one cache read (its cards come
    in a second, ``give_cards``).

    A list's rows are kept under the tokens that renew the page in the page
    cache: any change to what it lists renews them.
    """
    number = page_number(request.GET.get("page"))
    rows = piece("rows", *parts, number, tokens=tokens, keep_seconds=ROWS_KEEP_SECONDS)
    return Fragments({"rows": rows}, request)


# The topic blocks look at a month of stories: kept until the next
# publication, and at most this long as stories leave the month.
TOPIC_BLOCKS_KEEP_SECONDS = 10 * 60


@cache_public_page(params=["page"])
def front_page(request: HttpRequest) -> HttpResponse:
    blocks = piece("topic-blocks", tokens=["latest"], keep_seconds=TOPIC_BLOCKS_KEEP_SECONDS)
    first = page_number(request.GET.get("page")) == 1
    fragments = _list_fragments(request, "front", tokens=["latest"])

    def rows() -> tuple[dict, layout.FrontPage | None]:
        published = Article.objects.published()
        river = _listing_page(request, published)
        if not first:
            return river, None
        pinned = listed(layout.pinned_stories(published).values_list(*LISTED_COLUMNS))
        return river, layout.compose(pinned, river["articles"])

    context, front = fragments.value("rows", rows)
    context["archive_year"] = timezone.localdate().year
    if front is None:
        give_cards(request, cards_of(context["articles"]), fragments=fragments)
        return render(request, "articles/front_page.html", context)
    cards = [
        *cards_of([front.lead] if front.lead else [], variant="lead", level=3),
        *cards_of(front.top_stories, level=3),
        *cards_of(front.latest, variant="compact", level=3),
    ]
    give_cards(request, cards, {"topic_blocks": blocks}, fragments=fragments)
    context["front"] = front
    context["topic_blocks"] = fragments.html(
        "topic_blocks",
        lambda: render_to_string(
            "articles/_topic_blocks.html", {"tag_blocks": layout.active_tag_blocks()}, request
        ),
    )
    return render(request, "articles/front_page.html", context)


def _dated(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise Http404("No such date.") from exc


# What shared caches (nginx, a CDN) may keep a running live page and its
# updates for: readers poll, and the next update must reach them.
LIVE_SHARED_SECONDS = 1


@cache_public_page(params=["page", "update"], tokens=story_path_tokens)
def article_detail(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    context = story_page.page_context(request, _dated(year, month, day), slug)
    response = render(request, "articles/article_detail.html", context)
    if context["live"] and context["article"].in_live_coverage:
        patch_cache_control(response, s_maxage=LIVE_SHARED_SECONDS)
    return response


# Every process answers polls from its own memory until an update, a
# correction, a removal or a pin forgets it (reader/page_cache/local.py);
# while the new copy renders, the others are given the previous one for
# that moment rather than all waiting for it.
@cache_public_page(tokens=story_path_tokens, shows_banner=False)
def live_updates(request: HttpRequest, year: int, month: int, day: int, slug: str) -> HttpResponse:
    """What a live page's script polls: the newest updates, one copy for every reader.

    Served from the page cache with an ETag; ``If-None-Match`` is answered
    304 while nothing changed.
    """
    article = (
        Article.objects.published()
        .filter(publication_date=_dated(year, month, day), slug=slug)
        .exclude(live_started_at=None)
        .first()
    )
    if article is None:
        return JsonResponse({"error": gettext("No live story at this address.")}, status=404)
    payload = live.polling_payload(article)
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, s_maxage=LIVE_SHARED_SECONDS)
    return response


def _section_page(request: HttpRequest, model, slug: str, *, lookup: str) -> HttpResponse:
    """A paginated list of the published articles filed under a section."""
    kind = model._meta.model_name
    fragments = _list_fragments(request, kind, slug, tokens=[f"{kind}:{slug}"])

    def rows() -> dict:
        section = get_object_or_404(model, slug=slug)
        articles = Article.objects.published().filter(**{lookup: section})
        return {"section": section, "section_kind": kind, **_listing_page(request, articles)}

    context = fragments.value("rows", rows)
    give_cards(request, cards_of(context["articles"]), fragments=fragments)
    return render(request, "articles/section_page.html", context)


@cache_public_page(params=["page"], tokens=section_tokens("author"))
def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _section_page(request, Author, slug, lookup="authors")


@cache_public_page(params=["page"], tokens=section_tokens("tag"))
def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _section_page(request, Tag, slug, lookup="tags")


@cache_public_page(params=["page"], tokens=section_tokens("dateline"))
def dateline_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _section_page(request, Dateline, slug, lookup="dateline")


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the newsroom's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _published_in(period: archive.Period):
    """The stories published in ``period``, by their dated addresses."""
    return Article.objects.published().filter(
        publication_date__range=(period.first, period.last),
        # The same days as publication times, so the index on
        # (status, published_at) finds them already in the page's order.
        published_at__gte=_start_of(period.first),
        published_at__lt=_start_of(period.last + datetime.timedelta(days=1)),
    )


def _calendar(period: archive.Period, unit: str) -> list[datetime.date]:
    """The months of a year, or the days of a month, that have stories.

    A year's months are twelve lookups of one story each: listing the
    distinct months of a year's stories read every one of them (15 ms for
    12,000). A month's days come from its stories, a month's worth.
    """
    if unit == "month":
        months = (
            archive.Period.containing("month", period.first.replace(month=m)) for m in range(1, 13)
        )
        return [month.first for month in months if _published_in(month).exists()]
    return list(_published_in(period).dates("publication_date", unit))


# What a year's and a month's page list besides their stories: the context
# name and the unit of the dates.
CALENDARS = {"year": ("archive_months", "month"), "month": ("archive_days", "day")}


@cache_public_page(params=["page"], tokens=archive_tokens)
def date_archive(
    request: HttpRequest, year: int, month: int | None = None, day: int | None = None
) -> HttpResponse:
    """Stories published in a year, a month or on a day (the newsroom's calendar)."""
    level = "day" if day is not None else "month" if month is not None else "year"
    try:
        period = archive.Period.containing(
            level,
            datetime.date(year, 1 if month is None else month, 1 if day is None else day),
        )
    except ValueError as exc:
        raise Http404("No such date.") from exc
    in_range = _published_in(period)
    context = {
        "archive_title": period.title,
        "archive_level": level,
        "archive_navigation": archive.navigation(Article.objects.published(), period),
    }
    stories = _listing_page(request, in_range)
    # The months of a year, the days of a month: kept until a story in the
    # period changes (the period's archive token, as the page's own).
    calendar = CALENDARS.get(level)
    if calendar is None:
        give_cards(request, cards_of(stories["articles"]))
    else:
        name, unit = calendar
        period_tokens = archive_tokens({"year": year, "month": month})
        kept = {"calendar": piece("calendar", level, period.first, tokens=period_tokens)}
        fragments = give_cards(request, cards_of(stories["articles"]), kept)
        context[name] = fragments.value("calendar", lambda: _calendar(period, unit))
    context.update(stories)
    return render(request, "articles/archive_page.html", context)


# How long a page of results is kept at most, when nothing is published.
SEARCH_KEEP_SECONDS = 10 * 60


@cache_public_page(params=["q", "page"])
def search(request: HttpRequest) -> HttpResponse:
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    context = {
        "query": query,
        "query_was_shortened": len(raw_query) > MAX_QUERY_LENGTH,
        "max_query_length": MAX_QUERY_LENGTH,
        "full_text": uses_full_text(),
    }
    if not query:
        return render(request, "articles/search_page.html", context)

    def results() -> tuple[Page, SafeString]:
        """A page of results rendered, and the page itself without its stories
        (its links need only its number and neighbours)."""
        with search_slot(request):
            published = Article.objects.published()
            if uses_full_text():  # the snippets come from the query itself
                published = published.defer("body")
            page = _paginate(request, search_articles(published, query))["page_obj"]
            attach_snippets(page.object_list, query)
        shown = {"articles": page.object_list, "page_obj": page}
        html = render_to_string("articles/_search_results.html", shown, request)
        return dataclasses.replace(page, object_list=[]), html

    # A page of results is kept until the next publication: the same words,
    # asked again (a breaking story's name), cost no search.
    asked = hashlib.sha256(query.encode()).hexdigest()[:32]
    number = page_number(request.GET.get("page"))
    kept = piece("search", asked, number, tokens=["latest"], keep_seconds=SEARCH_KEEP_SECONDS)
    try:
        page, html = Fragments({"results": kept}, request).value("results", results)
        context.update({"page_obj": page, "results": html})
    except TooBusy as busy:
        context["busy"] = True
        response = render(request, "articles/search_page.html", context, status=429)
        response["Retry-After"] = str(busy.retry_after)
        add_never_cache_headers(response)
        return response
    return render(request, "articles/search_page.html", context)


@cache_public_page(params=["page"])
def corrections(request: HttpRequest) -> HttpResponse:
    """The newsroom's public record: every correction and note, newest first."""
    notes = ArticleNote.objects.on_record().select_related("article")
    context = _paginate(request, notes.defer("article__body", "article__search_vector"))
    context["notes"] = context.pop("articles")
    return render(request, "articles/corrections.html", context)
