"""The site's public address: every absolute URL a page, feed or API gives out.

Built from ``NEWSROOM_SITE_URL`` alone, never from the request's ``Host`` or
``X-Forwarded-*``: a cached page is served to every reader, so one request
with a forged host must not put that host into everybody's canonical link.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """``/2024/05/01/story/`` on the site's origin; an absolute URL passes unchanged."""
    if urlsplit(path_or_url).scheme:
        return path_or_url
    return urljoin(f"{settings.NEWSROOM_SITE_URL}/", path_or_url)


def site_scheme_and_host() -> tuple[str, str]:
    """(``https``, ``news.example.org``): for code that wants the two apart."""
    parts = urlsplit(settings.NEWSROOM_SITE_URL)
    return parts.scheme, parts.netloc
