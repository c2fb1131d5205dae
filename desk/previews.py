"""Previews for the desk and signed, expiring share links for outsiders.

Both render the readers' own article template, so what a lawyer or an
editor sees is what readers will see; neither is ever cached or indexed.
A share link carries the article and its expiry, signed with the site's
secret: changing a character breaks the signature.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Article
from reader.site import absolute_url

SHARE_SALT = "articles.share-link"
# What an editor may choose; long enough for a legal read, short enough to lapse.
SHARE_LIFETIMES = {
    "1h": ("One hour", timedelta(hours=1)),
    "1d": ("One day", timedelta(days=1)),
    "3d": ("Three days", timedelta(days=3)),
    "7d": ("One week", timedelta(days=7)),
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


def render_preview(request: HttpRequest, article: Article, *, shared: bool) -> HttpResponse:
    response = render(
        request, "articles/article_preview.html", {"article": article, "shared": shared}
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
