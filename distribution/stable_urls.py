"""A published address keeps working: moved stories 301, withdrawn ones 410.

When an editor changes a published article's slug or publication date, the
address it had is recorded as an ``ArticleRedirect`` (from ``pre_save``,
so every way of saving is covered: admin, imports, scripts). When the
reader's article page answers 404,
``StableAddressFallbackMiddleware`` asks ``moved_or_gone`` (the way Django's
redirects app does): an old address redirects permanently to wherever the
story is now, however many times it has moved; the address of a withdrawn
story answers 410 Gone with a short notice, so search engines drop it for
good.
"""

from __future__ import annotations

import datetime

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render

from articles.models import Article, ArticleRedirect


@receiver(pre_save, sender=Article, dispatch_uid="distribution.stable_urls.remember")
def remember_published_path(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    """Record the address a published article is about to leave.

    Written in the save's own transaction (every desk write is atomic), so a
    save that fails leaves no redirect behind.
    """
    if raw or instance.pk is None:
        return
    before = (
        Article.objects.filter(pk=instance.pk, status=Article.Status.PUBLISHED)
        .values("slug", "publication_date")
        .first()
    )
    if not before or before["publication_date"] is None:
        return
    old_path = Article.dated_path(before["publication_date"], before["slug"])
    # Article.save() has already derived the new publication_date.
    if instance.publication_date is None or old_path != instance.get_absolute_url():
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": instance})


def moved_or_gone(
    request: HttpRequest, publication_date: datetime.date, slug: str
) -> HttpResponse | None:
    """301 to a moved story's current address, 410 for a withdrawn one, else None."""
    article = (
        Article.objects.filter(publication_date=publication_date, slug=slug)
        .exclude(status__in=[Article.Status.DRAFT, Article.Status.REVIEW])
        .first()
    )
    if article is None:
        redirect = (
            ArticleRedirect.objects.select_related("article")
            .filter(old_path=Article.dated_path(publication_date, slug))
            .first()
        )
        article = redirect.article if redirect else None
    if article is None:
        return None
    if article.status == Article.Status.WITHDRAWN:
        return render(request, "distribution/gone.html", {"article": article}, status=410)
    if article.is_live and article.get_absolute_url() != request.path:
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    return None


ARTICLE_PAGE = "articles:detail"


class StableAddressFallbackMiddleware:
    """Turn the article page's 404 into a 301 or 410 when the address was ever used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if response.status_code != 404 or match is None or match.view_name != ARTICLE_PAGE:
            return response
        kwargs = match.kwargs
        try:
            publication_date = datetime.date(kwargs["year"], kwargs["month"], kwargs["day"])
        except ValueError:
            return response
        return moved_or_gone(request, publication_date, kwargs["slug"]) or response
