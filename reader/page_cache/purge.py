"""Tell the shared caches in front of us (nginx, a CDN) to drop a withdrawn story.

Pages carry ``s-maxage``, so a shared cache shows a new or edited story
within that time by itself. A withdrawal cannot wait: when a live story
stops being live, every address that showed it is purged at once from each
cache in ``NEWSROOM_PURGE_URLS`` with an HTTP ``PURGE`` request, for each
copy the banner's Close cookie makes. Each entry is an URL with ``{path}``
where the address goes: ``http://nginx:8080/purge{path}`` for
deploy/nginx.conf, ``https://varnish.internal{path}`` for a cache that takes
PURGE on the address itself. A cache that does not answer is logged, never
allowed to fail the withdrawal.
"""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Iterable
from urllib.error import URLError

from django.conf import settings
from django.urls import reverse

from articles.models import PublicFacts
from banners.state import NO_ANNOUNCEMENT_KEY, current_record

from ..site import site_scheme_and_host

logger = logging.getLogger(__name__)
PURGE_TIMEOUT_SECONDS = 2


def paths_showing(facts: PublicFacts) -> list[str]:
    """The first page of every address that lists or shows the story."""
    paths = [
        "/",
        reverse("articles:search"),
        reverse("articles:corrections"),
        reverse("distribution:latest-rss"),
        reverse("distribution:latest-atom"),
        reverse("distribution:ninjs-list"),
        reverse("distribution:ninjs-detail", kwargs={"public_id": facts.public_id}),
        reverse("distribution:sitemap-index"),
        reverse("distribution:sitemap-news"),
        reverse("distribution:sitemap-section", kwargs={"section": "articles"}),
    ]
    if facts.path:
        paths.append(facts.path)
    for kind, slugs in (("tag", facts.tag_slugs), ("author", facts.author_slugs)):
        for slug in slugs:
            paths += [
                reverse(f"articles:{kind}", kwargs={"slug": slug}),
                reverse(f"distribution:{kind}-rss", kwargs={"slug": slug}),
                reverse(f"distribution:{kind}-atom", kwargs={"slug": slug}),
            ]
    if facts.dateline_slug:
        paths.append(reverse("articles:dateline", kwargs={"slug": facts.dateline_slug}))
    if facts.publication_date:
        day = facts.publication_date
        paths += [
            reverse("articles:archive_year", kwargs={"year": day.year}),
            reverse("articles:archive_month", kwargs={"year": day.year, "month": day.month}),
            reverse(
                "articles:archive_day",
                kwargs={"year": day.year, "month": day.month, "day": day.day},
            ),
        ]
    return list(dict.fromkeys(paths))


def _banner_variants() -> list[str]:
    """The Close cookie values a shared cache may hold copies for."""
    return list(dict.fromkeys(["", NO_ANNOUNCEMENT_KEY, current_record().key]))


def purge(paths: Iterable[str]) -> int:
    """PURGE each path, each banner copy, at every configured cache; returns how many went."""
    endpoints = settings.NEWSROOM_PURGE_URLS
    if not endpoints:
        return 0
    host = site_scheme_and_host()[1]
    sent = 0
    for endpoint in endpoints:
        for path in paths:
            for cookie in _banner_variants():
                request = urllib.request.Request(  # noqa: S310 - our own configured cache
                    endpoint.replace("{path}", path), method="PURGE", headers={"Host": host}
                )
                if cookie:
                    request.add_header("Cookie", f"banner_closed={cookie}")
                try:
                    with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS):  # noqa: S310
                        sent += 1
                except URLError as error:
                    # 404 "not in cache" is an answer too; anything else is logged.
                    if getattr(error, "code", None) == 404:
                        sent += 1
                    else:
                        logger.warning("Could not purge %s at %s: %s", path, endpoint, error)
                except OSError as error:
                    logger.warning("Could not purge %s at %s: %s", path, endpoint, error)
    return sent
