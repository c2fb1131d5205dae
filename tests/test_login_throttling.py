"""Login throttling: django-axes per (username, address), a rate per address (issue 16)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .factories import PASSWORD, log_in_through_form

pytestmark = pytest.mark.django_db

WRONG = "not the password at all"


def fail(client, username, times, **extra):
    for _ in range(times):
        response = log_in_through_form(client, username, WRONG, **extra)
        assert response.status_code in (200, 429)


def assert_locked(response, wait="15 minutes"):
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many sign-in attempts" in text
    assert f"paused for {wait}" in text
    assert "_auth_user_id" not in response.wsgi_request.session


def test_twenty_five_wrong_passwords_then_the_right_one_do_not_log_in(client, editor, time_machine):
    # All in one minute of the address's rate window: crossing into the next
    # minute halfway (a slow run) would leave only axes' lockout to answer.
    time_machine.move_to("2026-03-02 09:00:05+00:00", tick=False)
    fail(client, "editor", 25)
    response = log_in_through_form(client, "editor", PASSWORD)
    assert_locked(response, wait="a minute")  # the address's rate limit answers first
    assert client.get(reverse("admin:index")).status_code == 302  # still not logged in


def test_the_pair_is_locked_after_five_failures_whatever_the_password(client, editor):
    fail(client, "editor", 4)
    assert_locked(log_in_through_form(client, "editor", WRONG))  # the 5th failure locks
    attempt = AccessAttempt.objects.get(username="editor")
    assert (attempt.ip_address, attempt.failures_since_start) == ("127.0.0.1", 5)
    assert_locked(log_in_through_form(client, "editor", PASSWORD))


def test_another_address_is_not_locked(client, editor):
    fail(client, "editor", 5)
    assert_locked(log_in_through_form(client, "editor", PASSWORD))
    response = log_in_through_form(Client(), "editor", PASSWORD, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_answer_never_says_whether_the_username_exists(client, editor):
    fail(client, "editor", 5)
    fail(client, "nobody-by-that-name", 5)
    known = log_in_through_form(client, "editor", PASSWORD)
    unknown = log_in_through_form(client, "nobody-by-that-name", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content
    assert "editor" not in known.content.decode().split("<main", 1)[-1]


def test_behind_the_trusted_proxy_each_forwarded_client_is_its_own(settings, editor):
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = Client()  # middleware built with the setting above
    fail(proxy, "editor", 5, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert_locked(
        log_in_through_form(proxy, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")
    )
    other = log_in_through_form(Client(), "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_a_client_cannot_pick_its_address_with_a_header(settings, editor):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.1"]
    client = Client(REMOTE_ADDR="198.51.100.7")  # not our proxy: its X-Forwarded-For is dropped
    for n in range(5):
        log_in_through_form(client, "editor", WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    locked = log_in_through_form(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert_locked(locked)
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def test_a_lockout_expires_by_itself(client, editor, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    fail(client, "editor", 5)
    time_machine.shift(timedelta(minutes=14))
    assert_locked(log_in_through_form(client, "editor", PASSWORD))
    time_machine.shift(timedelta(minutes=2))  # 16 minutes after the last failure
    response = log_in_through_form(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()  # a success forgets the failures


def test_the_cool_off_comes_from_the_setting(client, editor, settings, time_machine):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    fail(client, "editor", 5)
    response = log_in_through_form(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "a minute" in response.content.decode()
    time_machine.shift(timedelta(seconds=61))
    assert log_in_through_form(client, "editor", PASSWORD).status_code == 302


def test_each_address_is_rate_limited_across_usernames(client, settings, time_machine):
    settings.NEWSROOM_LOGIN_RATE_PER_MINUTE = 20
    # All 21 tries inside one minute's window, however slow the machine.
    time_machine.move_to(timezone.now().replace(second=5), tick=False)
    for n in range(20):
        assert log_in_through_form(client, f"someone{n}", WRONG).status_code == 200
    limited = log_in_through_form(client, "someone-else", WRONG)
    assert limited.status_code == 429
    assert "Too many sign-in attempts" in limited.content.decode()
    assert int(limited["Retry-After"]) <= 60
    other = log_in_through_form(Client(), "someone-else", WRONG, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


def test_an_administrator_unlocks_someone_at_the_desk(client, editor, admin_client):
    fail(client, "editor", 5)
    assert_locked(log_in_through_form(client, "editor", PASSWORD))
    changelist = reverse("admin:axes_accessattempt_changelist")
    listing = admin_client.get(changelist)
    assert listing.status_code == 200
    assert "Unlock" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="editor")
    response = admin_client.post(
        changelist, {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True
    )
    assert "Unlocked editor @ 127.0.0.1" in response.content.decode()
    assert log_in_through_form(client, "editor", PASSWORD).status_code == 302


def test_desk_staff_without_the_permission_cannot_unlock(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
