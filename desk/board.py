"""The front-page board: editors see the page's slots and arrange them in one save.

Without JavaScript it is a form with one choice per slot; with it
(``desk/static/js/front_board.js``) the stories are cards moved by drag and
drop or by buttons, which set those same choices. The arrangement is written
by ``articles.front_page.arrange``, through the model, so readers see it at once.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from articles import front_page
from articles.models import Article, ArticleAuthor
from images.models import Image

# How many of the newest published stories the board offers besides those in slots.
CANDIDATES = 40
THUMBNAIL_SPEC = "card320"
EMPTY = ""


def _candidates() -> list[Article]:
    """The stories in slots (any state) and the newest published ones, in one query."""
    newest = list(
        front_page.placeable()
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:CANDIDATES]
    )
    candidates = list(
        Article.objects.filter(Q(pk__in=newest) | Q(front_page_position__in=front_page.SLOTS))
        .select_related("lead_image")
        .prefetch_related(
            "lead_image__renditions",
            Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author")),
        )
        .order_by("-published_at", "-pk")
    )
    for article in candidates:
        article.board_thumbnail = thumbnail_url(article.lead_image)
        article.board_note = state_note(article)
    return candidates


def thumbnail_url(image: Image | None) -> str:
    if image is None:
        return ""
    small = [r for r in image.renditions.all() if r.spec == THUMBNAIL_SPEC and r.format != "webp"]
    return small[0].file.url if small else image.file.url


def state_note(article: Article) -> str:
    """Why a story in a slot may not show: it is not live."""
    if article.is_live:
        return ""
    if article.is_scheduled:
        return _("scheduled: shown from its time")
    return _("%(state)s: not shown to readers") % {"state": article.get_status_display()}


class FrontPageBoardForm(forms.Form):
    """One choice per slot: a story, or empty."""

    def __init__(self, *args, candidates: list[Article], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(EMPTY, _("— empty —"))] + [
            (
                str(article.pk),
                article.headline + (f" ({state_note(article)})" if state_note(article) else ""),
            )
            for article in candidates
        ]
        for slot in front_page.SLOTS:
            self.fields[f"slot_{slot}"] = forms.ChoiceField(
                label=front_page.slot_label(slot), choices=choices, required=False
            )

    def placements(self) -> dict[int, int | None]:
        return {
            slot: int(self.cleaned_data[f"slot_{slot}"])
            if self.cleaned_data[f"slot_{slot}"]
            else None
            for slot in front_page.SLOTS
        }


def board_view(request: HttpRequest, admin_site, opts) -> HttpResponse:
    if not front_page.may_arrange(request.user):
        raise PermissionDenied(_("Only editors arrange the front page."))
    candidates = _candidates()
    by_pk = {article.pk: article for article in candidates}
    current = front_page.current_arrangement()
    initial = {
        f"slot_{slot}": str(article.pk) if article else EMPTY for slot, article in current.items()
    }
    status = 200
    if request.method == "POST":
        form = FrontPageBoardForm(request.POST, initial=initial, candidates=candidates)
        if form.is_valid():
            try:
                moved = front_page.arrange(form.placements(), user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("The front page is saved (%(count)d stories moved); readers see it now.")
                    % {"count": len(moved)}
                    if moved
                    else _("Nothing changed on the front page."),
                )
                return HttpResponseRedirect(reverse("admin:articles_article_front_page"))
        status = 400
    else:
        form = FrontPageBoardForm(initial=initial, candidates=candidates)

    def chosen(slot: int) -> Article | None:
        value = form[f"slot_{slot}"].value()
        return by_pk.get(int(value)) if value and str(value).isdigit() else None

    slots = [
        {
            "number": slot,
            "label": front_page.slot_label(slot),
            "field": form[f"slot_{slot}"],
            "article": chosen(slot),
        }
        for slot in front_page.SLOTS
    ]
    on_board = {article.pk for slot in front_page.SLOTS if (article := chosen(slot))}
    context = {
        **admin_site.each_context(request),
        "opts": opts,
        "title": _("Front page"),
        "form": form,
        "slots": slots,
        "pool": [article for article in candidates if article.pk not in on_board],
        "board_data": {
            str(article.pk): {
                "headline": article.headline,
                "note": state_note(article),
                "thumbnail": thumbnail_url(article.lead_image),
                "alt": article.lead_image.alt_text if article.lead_image else "",
            }
            for article in candidates
        },
        "slot_labels": {str(slot): front_page.slot_label(slot) for slot in front_page.SLOTS},
    }
    response = TemplateResponse(
        request, "admin/articles/article/front_page_board.html", context, status=status
    )
    add_never_cache_headers(response)
    return response
