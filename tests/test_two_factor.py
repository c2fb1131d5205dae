"""Two-factor login with django-otp: TOTP, recovery codes, required for superusers (issue 16)."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import log_in_through_form

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wait_out_the_back_off(device) -> None:
    """A wrong code makes the device refuse codes for a second or more (django-otp)."""
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.save()


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def with_recovery_code(user, code="k7p2m9x4") -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    device.token_set.create(token=code)
    return device


def test_a_password_alone_does_not_open_the_desk_for_someone_with_an_app(client, editor):
    with_app(editor)
    assert log_in_through_form(client, "editor").status_code == 302
    response = client.get(DESK)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    # Elsewhere the half-logged-in user is anonymous: no staff-only view answers.
    upload = client.post(reverse("images:upload"))
    assert upload.status_code == 403


def test_login_with_the_code_from_the_app(client, editor):
    device = with_app(editor)
    log_in_through_form(client, "editor")
    page = client.get(f"{VERIFY}?next=/admin/")
    assert page.status_code == 200
    assert "authenticator app" in page.content.decode()
    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "not right" in wrong.content.decode()
    wait_out_the_back_off(device)
    right = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get(DESK).status_code == 200


def test_a_code_is_not_taken_twice(client, editor):
    device = with_app(editor)
    log_in_through_form(client, "editor")
    code = code_for(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("admin:logout"))
    log_in_through_form(client, "editor")
    assert client.post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_works_once(client, editor):
    with_app(editor)
    with_recovery_code(editor, "k7p2m9x4")
    log_in_through_form(client, "editor")
    used = client.post(VERIFY, {"code": "k7p2 m9x4", "next": "/admin/"}, follow=True)
    assert used.redirect_chain == [("/admin/", 302)]
    assert "You used a recovery code; 0 left" in used.content.decode()
    assert not StaticToken.objects.filter(token="k7p2m9x4").exists()
    client.post(reverse("admin:logout"))
    log_in_through_form(client, "editor")
    again = client.post(VERIFY, {"code": "k7p2m9x4"})
    assert again.status_code == 400
    assert client.get(DESK).status_code == 302


def test_setting_up_an_app_shows_a_qr_code_then_recovery_codes_once(client, editor):
    log_in_through_form(client, "editor")
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert "otpauth://totp/" in html
    secret = re.search(r'class="accounts-secret">([A-Z2-7]+)<', html)
    assert secret is not None
    assert secret.group(1) in client.get(SETUP).content.decode()  # the same key on reload
    assert "not right" in client.post(SETUP, {"code": "123456"}).content.decode()
    wait_out_the_back_off(device)
    done = client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(DESK).status_code == 200  # verified by setting it up
    status = client.get(SETUP).content.decode()
    assert "Two-factor login is on" in status
    assert not any(code in status for code in codes)  # shown once, never again


def test_new_recovery_codes_replace_the_old(client, editor):
    device = with_app(editor)
    with_recovery_code(editor, "oldcode1")
    log_in_through_form(client, "editor")
    client.post(VERIFY, {"code": code_for(device)})
    page = client.post(reverse("accounts:two_factor_recovery_codes"))
    codes = re.findall(r"<li><code>(\w+)</code></li>", page.content.decode())
    assert len(codes) == 10
    assert not StaticToken.objects.filter(token="oldcode1").exists()


def test_a_superuser_without_a_device_is_sent_to_setup_when_required(client, admin_user, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    assert log_in_through_form(client, admin_user.username, "password").status_code == 302
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2Farticles%2Farticle%2F"
    assert client.get(VERIFY)["Location"].startswith(SETUP)
    assert "Superusers must use two-factor login" in client.get(SETUP).content.decode()


def test_when_not_required_a_superuser_without_a_device_opens_the_desk(
    client, admin_user, settings
):
    settings.NEWSROOM_REQUIRE_2FA = False
    log_in_through_form(client, admin_user.username, "password")
    assert client.get(DESK).status_code == 200


def test_two_factor_is_optional_for_other_staff_even_when_required(client, editor, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    log_in_through_form(client, "editor")
    desk = client.get(DESK)
    assert desk.status_code == 200
    assert SETUP in desk.content.decode()  # offered in the desk's user links


def test_the_verify_page_sends_an_off_site_next_to_the_desk(client, editor):
    device = with_app(editor)
    log_in_through_form(client, "editor")
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_codes_are_rate_limited_per_address(client, editor, settings):
    settings.NEWSROOM_LOGIN_RATE_PER_MINUTE = 3
    with_app(editor)
    log_in_through_form(client, "editor")
    statuses = [client.post(VERIFY, {"code": "000000"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_a_session_from_before_the_device_is_asked_for_a_code(client, editor):
    log_in_through_form(client, "editor")
    assert client.get(DESK).status_code == 200
    with_app(editor)  # added from another session
    assert client.get(DESK)["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_a_reader_without_a_session_is_not_looked_up(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(VERIFY)
    assert response.status_code == 302  # to the login page
