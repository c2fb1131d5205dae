"""Pages this process served a moment ago, answered before Django runs (WSGI).

The page cache (``reader.page_cache``) marks a response this process may
keep (the ``keep_attribute``: until when, and until when shared caches
may). This wrapper keeps such a response as it left Django, with every
middleware's headers (the security headers, the Content-Security-Policy,
X-Frame-Options, Vary), and answers the next request for the same address,
scheme, language, time zone and banner cookie (pages take their absolute links from
``NEWSROOM_SITE_URL``, never from the Host header) from it without building a
request, resolving the URL or running any middleware: on a big day the
front page and the breaking story cost the process little more than
writing the bytes. What belongs to one response is made here for each: the
request id, Server-Timing, Cache-Control's ``s-maxage``, ``X-Cache: HIT``,
and a 304 when the browser already has the page.

The copies live in the page cache's memory for this process (``memory``,
``reader.page_cache.local``; given by ``newsroom.wsgi``, so this module
imports no app) and go with it: in every process as soon as anything they
show changes, and at the moment the clock would change them. The API's
addresses are never answered here (its rate limit counts every request);
the page cache's own middleware serves them.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings

from newsroom.observability import VALID_REQUEST_ID
from newsroom.proxy import is_trusted, parse_networks

# Headers that belong to one response, made afresh for each answer.
PER_RESPONSE = {
    "cache-control",
    "content-length",
    "date",
    "etag",
    "server-timing",
    "set-cookie",
    "x-cache",
    "x-request-id",
}
NO_QUERIES = 'sql;dur=0.0;desc="0 queries"'
_BANNER_COOKIE = re.compile(r"(?:^|;)\s*banner_closed=([^;]*)")


@dataclass(frozen=True)
class HotCopy:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    shared_until: float

    @classmethod
    def of(cls, response, page) -> HotCopy:
        """The finished ``response`` (a 200, or a 304 without a body) of the stored ``page``.

        The headers are the response's (every middleware's), with the
        page's own where a 304 left them out (its Content-Type).
        """
        headers = [(k, v) for k, v in response.items() if k.lower() not in PER_RESPONSE]
        present = {name.lower() for name, _value in headers}
        headers += [
            (name, value)
            for name, value in page.headers
            if name.lower() not in present and name.lower() not in PER_RESPONSE
        ]
        status = f"{page.status} {HTTPStatus(page.status).phrase}"
        return cls(status, headers, page.body, page.etag, page.shared_until)

    def answer(self, environ, start_response, request_id: str, started: float) -> list[bytes]:
        shared = max(0, int(self.shared_until - time.time()))
        not_modified = self.etag in environ.get("HTTP_IF_NONE_MATCH", "")
        elapsed = (time.perf_counter() - started) * 1000
        headers = [
            *self.headers,
            ("ETag", self.etag),
            ("Cache-Control", f"public, max-age=0, s-maxage={shared}"),
            ("X-Cache", "HIT"),
            ("X-Request-ID", request_id),
            ("Server-Timing", f'app;dur={elapsed:.1f};desc="from memory", {NO_QUERIES}'),
        ]
        if not_modified:
            headers = [(k, v) for k, v in headers if k.lower() not in ("content-type",)]
            start_response("304 Not Modified", headers)
            return []
        headers.append(("Content-Length", str(len(self.body))))
        start_response(self.status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [self.body]


class HotPages:
    """The WSGI application in front of Django's (``newsroom.wsgi``)."""

    def __init__(self, application, *, memory, keep_attribute: str):
        self.application = application
        self.memory = memory
        self.keep_attribute = keep_attribute
        self.networks = parse_networks(settings.NEWSROOM_TRUSTED_PROXIES)
        self.skipped = tuple(settings.NEWSROOM_API_RATE_LIMIT_PATHS) or ("\0",)

    def key(self, environ, trusted: bool) -> str | None:
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.skipped) or "HTTP_IF_MODIFIED_SINCE" in environ:
            return None
        scheme = environ.get("HTTP_X_FORWARDED_PROTO", "") if trusted else ""
        closed = _BANNER_COOKIE.search(environ.get("HTTP_COOKIE", ""))
        return "|".join(
            (
                "wsgi",
                settings.LANGUAGE_CODE,
                settings.TIME_ZONE,
                environ.get("wsgi.url_scheme", ""),
                scheme,
                closed.group(1) if closed else "",
                path,
                environ.get("QUERY_STRING", ""),
            )
        )

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD")
        key = None
        if method in ("GET", "HEAD") and settings.NEWSROOM_PAGE_CACHE:
            trusted = bool(self.networks) and is_trusted(
                environ.get("REMOTE_ADDR", ""), self.networks
            )
            key = self.key(environ, trusted)
        if key is not None:
            kept = self.memory.get(key)
            if kept is not None:
                request_id = self.request_id(environ, trusted)
                return kept.answer(environ, start_response, request_id, started)
        generation = self.memory.generation
        response = self.application(environ, start_response)
        keep = getattr(response, self.keep_attribute, None)
        if key is not None and keep is not None:
            until, page = keep
            copy = HotCopy.of(response, page)
            self.memory.keep_until(key, copy, until, generation=generation, size=len(copy.body))
        return response

    @staticmethod
    def request_id(environ, trusted: bool) -> str:
        """The proxy's request id when it came through our proxy, else a new one."""
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        return offered if trusted and VALID_REQUEST_ID.match(offered) else uuid.uuid4().hex
