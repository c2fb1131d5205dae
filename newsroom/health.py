"""``/healthz`` and ``/readyz`` for load balancers and orchestrators.

``/healthz``: the process answers (no database, no cache: restarting a
process does not fix a database outage). ``/readyz``: every database alias
answers, else 503 with what failed, so a balancer stops sending readers to
an instance that cannot serve them. The cache is checked and reported
(``"status": "degraded"``) but never makes an instance unready: pages render
without it (newsroom/cache.py), and a balancer that dropped every instance
because the shared Redis went away would turn a slower site into none. Answered by a middleware
before anything else, so a balancer asking by the instance's own address
(which ALLOWED_HOSTS does not list) or over plain http gets an answer, not
a 400 or a redirect; never cached. Imports no app.
"""

from __future__ import annotations

import json
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse

HEALTH_PATHS = ("/healthz", "/readyz")


def _check_databases() -> dict[str, str]:
    results = {}
    for connection in connections.all():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            results[f"database:{connection.alias}"] = "ok"
        except Exception as error:
            results[f"database:{connection.alias}"] = f"failing: {type(error).__name__}"
    return results


def _check_cache() -> dict[str, str]:
    probe = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(probe, "1", timeout=5)
        ok = cache.get(probe) == "1"
        cache.delete(probe)
    except Exception as error:
        return {"cache": f"failing: {type(error).__name__}"}
    return {"cache": "ok" if ok else "failing: wrote but could not read back"}


def _answer(status: int, payload: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in HEALTH_PATHS or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if path == "/healthz":
            return _answer(200, {"status": "ok"})
        databases, cache_state = _check_databases(), _check_cache()
        ready = all(result == "ok" for result in databases.values())
        status = "failing" if not ready else "ok" if cache_state["cache"] == "ok" else "degraded"
        return _answer(200 if ready else 503, {"status": status, **databases, **cache_state})
