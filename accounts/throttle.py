"""Login throttling: a per-address rate and django-axes' lockout answer.

django-axes locks a (username, client address) pair after
``AXES_FAILURE_LIMIT`` failures for ``AXES_COOLOFF_TIME``. On top of that,
each client address may post at most ``NEWSROOM_LOGIN_RATE_PER_MINUTE``
logins and second-factor codes a minute, whatever usernames it tries, so
one address cannot spray passwords across the whole desk. Both answer with
the same 429 page, which never says whether the username exists. The address
is ``REMOTE_ADDR`` as newsroom/proxy.py left it (the trusted proxy's
``X-Forwarded-For``, otherwise the peer).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

RATE_WINDOW_SECONDS = 60


def throttled_paths() -> set[str]:
    """Where passwords and codes are posted."""
    return {
        reverse("admin:login"),
        reverse("accounts:two_factor_verify"),
        reverse("accounts:two_factor_setup"),
    }


def wait_in_words(wait: timedelta) -> str:
    minutes = max(1, round(wait.total_seconds() / 60))
    return _("%(minutes)d minutes") % {"minutes": minutes} if minutes > 1 else _("a minute")


def too_many_attempts(request: HttpRequest, wait: timedelta) -> HttpResponse:
    """The one answer to throttled logins: 429, a plain message, nothing about the user."""
    context = {
        **admin.site.each_context(request),
        "title": _("Too many attempts"),
        "wait": wait_in_words(wait),
    }
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(wait.total_seconds()))
    return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE)."""
    return too_many_attempts(request, settings.AXES_COOLOFF_TIME)


class LoginRateLimitMiddleware:
    """At most NEWSROOM_LOGIN_RATE_PER_MINUTE posted logins or codes per address a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info in throttled_paths():
            window = int(time.time() // RATE_WINDOW_SECONDS)
            key = f"login-rate:{request.META.get('REMOTE_ADDR', '')}:{window}"
            cache.add(key, 0, timeout=RATE_WINDOW_SECONDS * 2)
            try:
                count = cache.incr(key)
            except ValueError:  # evicted between add and incr
                cache.set(key, count := 1, timeout=RATE_WINDOW_SECONDS * 2)
            if count > settings.NEWSROOM_LOGIN_RATE_PER_MINUTE:
                wait = (window + 1) * RATE_WINDOW_SECONDS - time.time()
                return too_many_attempts(request, timedelta(seconds=max(1, wait)))
        return self.get_response(request)
