"""Two-factor login (django-otp): who must give a second factor, and when.

A staff member with a confirmed device (an authenticator app, TOTP) gives a
code after the password on every login; a superuser must have one when
``NEWSROOM_REQUIRE_2FA`` is on. Until they have, the desk (``/admin/``, the
account pages) sends them to the verify page, or to the setup page when they
have no device yet; everywhere else they are anonymous, so a password alone
reaches no staff-only view (the image upload, previews, TinyMCE's views).
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device


class Step(Enum):
    VERIFY = "accounts:two_factor_verify"
    SETUP = "accounts:two_factor_setup"


def is_verified(user: Any) -> bool:
    """Whether this session gave a second factor (django-otp's middleware adds the check)."""
    return bool(user.is_verified())


def step_needed(user) -> Step | None:
    """What a logged-in user still owes before the desk opens, if anything."""
    if not user.is_authenticated or is_verified(user):
        return None
    if user_has_device(user, confirmed=True):
        return Step.VERIFY
    if user.is_superuser and settings.NEWSROOM_REQUIRE_2FA:
        return Step.SETUP
    return None


def desk_prefixes() -> tuple[str, ...]:
    return (reverse("admin:index"), "/accounts/")


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: the second factor before the desk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session, no login: a reader's request never loads one here.
            return self.get_response(request)
        step = step_needed(request.user)
        if step is None:
            return self.get_response(request)
        step_url = reverse(step.value)
        if request.path_info in (step_url, reverse("admin:logout")):
            return self.get_response(request)
        if request.path_info.startswith(desk_prefixes()):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{step_url}?{query}")
        anonymous = AnonymousUser()

        async def auser():
            return anonymous

        request.user = anonymous
        request.auser = auser
        return self.get_response(request)
