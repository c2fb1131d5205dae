"""A per-client rate limit for the machine-facing API.

Requests whose path starts with one of ``NEWSROOM_API_RATE_LIMIT_PATHS``
are counted per client in fixed windows of ``NEWSROOM_API_RATE_WINDOW``
seconds in the shared cache, so every web process shares one count; past
``NEWSROOM_API_RATE_LIMIT`` the client gets 429 with ``Retry-After`` (the
seconds left in the window) and a JSON ``error`` until the window ends.
Placed after ``TrustedProxyMiddleware``, so the client is the reader's own
address when the request came through our proxy, and a forged
``X-Forwarded-For`` from anyone else changes nothing. Imports no app.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers


def _window_count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=window + 1)
        return 1


class ApiRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefixes = tuple(settings.NEWSROOM_API_RATE_LIMIT_PATHS)
        if not prefixes or not request.path.startswith(prefixes):
            return self.get_response(request)
        window = max(1, settings.NEWSROOM_API_RATE_WINDOW)
        now = time.time()
        window_start = int(now // window) * window
        client = request.META.get("REMOTE_ADDR", "") or "unknown"
        count = _window_count(f"ratelimit:api:{client}:{window_start}", window)
        if count <= settings.NEWSROOM_API_RATE_LIMIT:
            return self.get_response(request)
        retry_after = max(1, math.ceil(window_start + window - now))
        response = JsonResponse(
            {
                "error": (
                    f"Over the API's rate limit of {settings.NEWSROOM_API_RATE_LIMIT} requests "
                    f"per {window} seconds; retry after {retry_after} seconds."
                )
            },
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Retry-After"
        add_never_cache_headers(response)
        return response
