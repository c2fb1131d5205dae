"""A request id in every log line and response, and how long each request took.

``RequestIdMiddleware`` gives each request an id (the one nginx sent, when
it came through our proxy, else a new one), puts it in the
``X-Request-ID`` response header and in every log record made while the
request runs (``RequestIdFilter``), so one reader's report leads to every
line the request wrote. ``ServerTimingMiddleware`` adds ``Server-Timing``
(the whole request, and the time and count of its SQL queries) so a slow
page names where its time went in the browser's developer tools. Imports
no app.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from contextlib import ExitStack

from django.db import connections
from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # TrustedProxyMiddleware has removed a client's own X-Request-ID.
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if VALID_REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class _QueryTimer:
    """Time and count the queries of one database alias."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1

    def metric(self) -> str:
        return f'sql-{self.alias};dur={self.seconds * 1000:.1f};desc="{self.count} queries"'


class ServerTimingMiddleware:
    """``Server-Timing: app;dur=…, sql;dur=…, sql-default;…, sql-replica;…``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timers = [_QueryTimer(connection.alias) for connection in connections.all()]
        started = time.perf_counter()
        with ExitStack() as stack:
            for timer in timers:
                stack.enter_context(connections[timer.alias].execute_wrapper(timer))
            response = self.get_response(request)
        total_ms = (time.perf_counter() - started) * 1000
        sql_ms = sum(timer.seconds for timer in timers) * 1000
        count = sum(timer.count for timer in timers)
        metrics = [
            f'app;dur={total_ms:.1f};desc="whole request"',
            f'sql;dur={sql_ms:.1f};desc="{count} queries"',
        ]
        if len(timers) > 1:
            metrics += [timer.metric() for timer in timers]
        response["Server-Timing"] = ", ".join(metrics)
        return response
