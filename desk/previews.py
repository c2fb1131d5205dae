"""Previews for the desk and signed, expiring share links for outsiders.

Both render the readers' own article template, so what a lawyer or an
editor sees is what readers will see; neither is ever cached or indexed.
A share link carries the article and its expiry, signed with the site's
secret: changing a character breaks the signature.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Article, ArticleAuthor, Author
from articles.sanitizer import sanitize_html
from images.markup import fill_missing_alt
from reader.site import absolute_url

SHARE_SALT = "articles.share-link"
# What an editor may choose; long enough for a legal read, short enough to lapse.
SHARE_LIFETIMES = {
    "1h": (gettext_lazy("One hour"), timedelta(hours=1)),
    "1d": (gettext_lazy("One day"), timedelta(days=1)),
    "3d": (gettext_lazy("Three days"), timedelta(days=3)),
    "7d": (gettext_lazy("One week"), timedelta(days=7)),
}


class ShareLinkExpired(Exception):
    pass


def make_share_token(article: Article, lifetime: timedelta) -> tuple[str, datetime]:
    expires = timezone.now() + lifetime
    token = signing.dumps(
        {"article": article.pk, "expires": int(expires.timestamp())}, salt=SHARE_SALT
    )
    return token, expires


def share_url(token: str) -> str:
    return absolute_url(reverse("articles:share", kwargs={"token": token}))


def article_for_token(token: str) -> Article:
    """The shared article, or ``signing.BadSignature`` / ``ShareLinkExpired``."""
    payload = signing.loads(token, salt=SHARE_SALT)
    # Only this module signs these, but a malformed payload is refused, not a 500.
    if not isinstance(payload, dict) or not all(
        type(payload.get(name)) is int for name in ("article", "expires")
    ):
        raise signing.BadSignature("not a share link's payload")
    if timezone.now().timestamp() >= payload["expires"]:
        raise ShareLinkExpired
    if not 0 < payload["article"] < 2**63:
        raise signing.BadSignature("not an article id")
    return get_object_or_404(Article.objects.for_article_page(), pk=payload["article"])


def load_for_preview(pk: int) -> Article:
    return get_object_or_404(Article.objects.for_article_page(), pk=pk)


# What a preview of the form shows: the story as readers read it.
PREVIEWED_FIELDS = [
    "headline",
    "standfirst",
    "body",
    "byline",
    "dateline",
    "tags",
    "lead_image",
    "language",
    "seo_title",
    "meta_description",
    "social_headline",
    "social_image",
]
BYLINE_PREFIX = "article_authors"
# A new story has no row yet; its preview stands in for one it never saves.
UNSAVED_PK = 0


class PreviewForm(forms.ModelForm):
    """The change form's story fields, read leniently: a field that does not
    validate yet (a headline still empty) is shown as stored, not refused."""

    class Meta:
        model = Article
        fields = [name for name in PREVIEWED_FIELDS if name != "language"]


def _byline_from_form(data: QueryDict) -> list[ArticleAuthor]:
    """The byline rows of the form's inline, in their positions, without saving."""
    try:
        total = min(int(data.get(f"{BYLINE_PREFIX}-TOTAL_FORMS", "0")), 100)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        prefix = f"{BYLINE_PREFIX}-{index}-"
        author_id = data.get(f"{prefix}author", "")
        if not author_id.isdigit() or data.get(f"{prefix}DELETE"):
            continue
        position = data.get(f"{prefix}position", "")
        role = data.get(f"{prefix}role", ArticleAuthor.Role.WRITER)
        if role not in ArticleAuthor.Role.values:
            role = ArticleAuthor.Role.WRITER
        rows.append((int(position) if position.isdigit() else index, index, int(author_id), role))
    authors = Author.objects.in_bulk([author_id for _, _, author_id, _ in rows])
    return [
        ArticleAuthor(author=authors[author_id], role=role, position=position, pk=None)
        for position, _, author_id, role in sorted(rows)
        if author_id in authors
    ]


def article_from_form(data: QueryDict, stored: Article | None) -> Article:
    """An unsaved Article holding what the form says, for the readers' template.

    Nothing is written: related rows (tags, byline, the stored notes) are
    handed to the template as prefetched lists.
    """
    article = copy.copy(stored) if stored is not None else Article(status=Article.Status.DRAFT)
    form = PreviewForm(data, instance=article)
    form.is_valid()  # fills cleaned_data with every field that is valid
    article = forms.models.construct_instance(form, article)
    article.body = fill_missing_alt(sanitize_html(article.body))
    if article.pk is None:
        article.pk = UNSAVED_PK
    tags = form.cleaned_data.get("tags")
    article._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "tags": list(tags) if tags is not None else list(stored.tags.all()) if stored else [],
        "article_authors": _byline_from_form(data),
        "notes": list(stored.notes.all()) if stored is not None else [],
    }
    return article


def render_preview(
    request: HttpRequest, article: Article, *, shared: bool, unsaved: bool = False
) -> HttpResponse:
    response = render(
        request,
        "articles/article_preview.html",
        {"article": article, "shared": shared, "unsaved": unsaved},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_safe
def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """What someone without an account sees through a share link: read-only."""
    try:
        article = article_for_token(token)
    except ShareLinkExpired:
        response = render(request, "articles/share_link_expired.html", status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    except signing.BadSignature:
        response = render(request, "404.html", status=404)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return render_preview(request, article, shared=True)
