"""The two-factor pages: set up an authenticator app, give a code at login, recovery codes."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm
from .two_factor import is_verified

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(
        request,
        template,
        {**admin.site.each_context(request), "next": _next_url(request), **context},
        status=status,
    )


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh ones (shown once, never again)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def qr_code_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no external request, no script)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@never_cache
@staff_member_required
def setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the code, type what it shows, get recovery codes."""
    user = request.user
    if user_has_device(user, confirmed=True):
        return _page(
            request,
            "accounts/two_factor_status.html",
            {
                "title": _("Two-factor login"),
                "codes_left": StaticToken.objects.filter(device__user=user).count(),
            },
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = new_recovery_codes(user)
            otp_login(request, device)
            return _page(
                request,
                "accounts/recovery_codes.html",
                {"title": _("Your recovery codes"), "codes": codes, "just_set_up": True},
            )
        form.add_error("code", _("That code is not right. Check the app's clock and try again."))
    required = user.is_superuser and settings.NEWSROOM_REQUIRE_2FA
    return _page(
        request,
        "accounts/two_factor_setup.html",
        {
            "title": _("Set up two-factor login"),
            "form": form,
            "required": required,
            "otpauth_uri": device.config_url,
            "secret": base64.b32encode(device.bin_key).decode("ascii"),
            # Built here from the URI by the qrcode library: no user HTML in it.
            "qr_svg": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308
        },
    )


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the app, or a recovery code."""
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('admin:login')}?next={reverse('admin:index')}")
    if is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    if not user_has_device(user, confirmed=True):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)d left. Make new ones under "
                        "Two-factor login."
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _("That code is not right, or has been used."))
    return _page(
        request,
        "accounts/two_factor_verify.html",
        {"title": _("Two-factor login"), "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@staff_member_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    if not is_verified(request.user):
        return redirect("accounts:two_factor_setup")
    codes = new_recovery_codes(request.user)
    return _page(
        request, "accounts/recovery_codes.html", {"title": _("Your recovery codes"), "codes": codes}
    )
