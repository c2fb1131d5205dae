"""Reader-facing pages. Thin: the rules live in ``Article.objects.published()``."""

import datetime

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Article, ArticleNote, Author, Dateline, Tag


def _paginate(request: HttpRequest, queryset) -> dict:
    """Page ``?page=N`` of ``queryset``; a bad or out-of-range N is a 404."""
    paginator = Paginator(queryset, settings.NEWSROOM_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as exc:
        raise Http404("No such page.") from exc
    return {"page_obj": page, "articles": page.object_list, "paginator": paginator}


def _published_listing():
    return Article.objects.published().for_listing()


def front_page(request: HttpRequest) -> HttpResponse:
    context = _paginate(request, _published_listing())
    return render(request, "articles/front_page.html", context)


def article_detail(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    try:
        publication_date = datetime.date(year, month, day)
    except ValueError as exc:
        raise Http404("No such date.") from exc
    article = get_object_or_404(
        _published_listing().prefetch_related(
            Prefetch("notes", queryset=ArticleNote.objects.filter(removed_at__isnull=True))
        ),
        publication_date=publication_date,
        slug=slug,
    )
    return render(request, "articles/article_detail.html", {"article": article})


def _section_page(request: HttpRequest, section, *, lookup: str, kind: str) -> HttpResponse:
    """A paginated list of the published articles filed under ``section``."""
    articles = _published_listing().filter(**{lookup: section})
    context = {"section": section, "section_kind": kind, **_paginate(request, articles)}
    return render(request, "articles/section_page.html", context)


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    return _section_page(request, author, lookup="authors", kind="author")


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _section_page(request, tag, lookup="tags", kind="tag")


def dateline_page(request: HttpRequest, slug: str) -> HttpResponse:
    dateline = get_object_or_404(Dateline, slug=slug)
    return _section_page(request, dateline, lookup="dateline", kind="dateline")


def corrections(request: HttpRequest) -> HttpResponse:
    """The newsroom's public record: every correction and note, newest first."""
    context = _paginate(request, ArticleNote.objects.on_record().select_related("article"))
    context["notes"] = context.pop("articles")
    return render(request, "articles/corrections.html", context)
