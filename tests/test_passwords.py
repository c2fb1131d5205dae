"""Desk passwords: 12 characters, common and look-alike ones refused; login lands on the desk."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from .factories import PASSWORD, log_in_through_form

pytestmark = pytest.mark.django_db


def refusals(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("newsroom", "at least 12 characters"),
        ("qwertyuiop123", "too common"),  # 13 characters, but guessed first
        ("finalfantasy", "too common"),
        ("editor.example.com", "too similar"),
        ("493058274619", "entirely numeric"),
    ],
)
def test_a_weak_staff_password_is_refused(editor, password, reason):
    assert any(reason in message for message in refusals(password, editor)), refusals(
        password, editor
    )


def test_the_demo_password_and_a_passphrase_are_accepted(editor):
    assert refusals("newsroom-demo", editor) == []
    assert refusals(PASSWORD, editor) == []


def test_the_desk_refuses_newsroom_as_a_new_password(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": "newsroom", "new_password2": "newsroom"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_an_administrator_cannot_give_someone_newsroom(admin_client, editor):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[editor.pk]),
        {"password1": "newsroom", "password2": "newsroom", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert get_user_model().objects.get(pk=editor.pk).check_password(PASSWORD)


def test_after_logging_in_staff_land_on_the_desk(client, editor):
    response = client.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/phish", "//evil.example/", "http://testserver.evil/"]
)
def test_an_off_site_next_lands_on_the_desk_not_a_404(client, editor, next_url):
    response = client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": "editor", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_a_local_next_is_still_followed(client, editor):
    wanted = reverse("admin:articles_article_changelist")
    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": PASSWORD, "next": wanted}
    )
    assert response["Location"] == wanted
    assert log_in_through_form(client, "editor").status_code == 302
