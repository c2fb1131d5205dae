"""People and roles: invite with a role, one role field, deactivate, plain login errors."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from articles import people
from articles.models import Author
from articles.roles import EDITORS, REPORTERS

from .factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a-long-enough-secret-42"


def groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


class TestRoles:
    @pytest.mark.parametrize(
        ("role", "staff", "superuser", "expected_groups"),
        [
            ("reporter", True, False, {REPORTERS}),
            ("editor", True, False, {EDITORS}),
            ("administrator", True, True, set()),
            ("none", False, False, set()),
        ],
    )
    def test_a_role_sets_staff_superuser_and_groups_together(
        self, role, staff, superuser, expected_groups
    ):
        user = UserFactory()
        people.set_role(user=user, role=people.Role.EDITOR)  # start somewhere else
        people.set_role(user=user, role=role)
        user.refresh_from_db()
        assert (user.is_staff, user.is_superuser, groups(user)) == (
            staff,
            superuser,
            expected_groups,
        )
        assert people.role_of(user) == role


class TestInvitation:
    def test_invite_makes_account_role_and_author_and_sends_a_link(
        self, admin_client, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/admin/auth/user/invite/",
                {"name": "Ingrid Vold", "email": "ingrid@example.org", "role": "reporter"},
            )
        assert response.status_code == 302
        user = User.objects.get(email="ingrid@example.org")
        assert people.role_of(user) == people.Role.REPORTER
        assert user.is_staff
        assert not user.has_usable_password()
        assert Author.objects.get(user=user).name == "Ingrid Vold"
        assert len(mail.outbox) == 1
        link = re.search(r"http\S+/admin/auth/user/welcome/\S+/", mail.outbox[0].body).group(0)

        path = link.split("127.0.0.1:8000", 1)[-1]
        form_page = client.get(path, follow=True)
        assert form_page.status_code == 200
        response = client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": PASSWORD, "new_password2": PASSWORD},
        )
        assert response.status_code == 302
        logged_in = client.post(
            "/admin/login/?next=/admin/",
            {"username": user.username, "password": PASSWORD},
        )
        assert logged_in.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_an_address_already_in_use_is_refused_and_the_form_kept(self, admin_client):
        UserFactory(email="sam@example.org")
        response = admin_client.post(
            "/admin/auth/user/invite/",
            {"name": "Sam Lee", "email": "sam@example.org", "role": "editor"},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "already uses sam@example.org" in html
        assert 'value="Sam Lee"' in html
        assert User.objects.filter(email="sam@example.org").count() == 1

    def test_garbage_is_a_form_error(self, admin_client):
        response = admin_client.post(
            "/admin/auth/user/invite/", {"name": "", "email": "not-an-address", "role": "king"}
        )
        assert response.status_code == 200
        assert response.content.decode().count('class="errorlist') >= 3

    def test_editors_and_reporters_may_not_invite(self, make_user):
        from .factories import logged_in

        for role in ("editor", "reporter"):
            response = logged_in(make_user(role)).get("/admin/auth/user/invite/")
            assert response.status_code == 403


class TestPersonPage:
    def test_the_role_is_one_field_and_changes_everything(self, admin_client):
        user = UserFactory(username="sam")
        people.set_role(user=user, role="reporter")
        page = admin_client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
        assert 'name="role"' in page
        assert 'name="groups"' not in page
        assert 'name="user_permissions"' not in page
        assert 'name="is_staff"' not in page
        data = {
            "username": "sam",
            "first_name": "Sam",
            "last_name": "Lee",
            "email": "sam@example.org",
            "role": "editor",
            "is_active": "on",
        }
        response = admin_client.post(f"/admin/auth/user/{user.pk}/change/", data)
        assert response.status_code == 302
        user.refresh_from_db()
        assert people.role_of(user) == people.Role.EDITOR

    def test_the_list_shows_roles_and_deactivates_without_deleting(self, admin_client):
        user = UserFactory(username="sam")
        people.set_role(user=user, role="reporter")
        listing = admin_client.get("/admin/auth/user/").content.decode()
        assert "Reporter" in listing
        assert "Invite someone" in listing
        admin_client.post(
            "/admin/auth/user/",
            {"action": "deactivate_selected", "_selected_action": [user.pk]},
        )
        user.refresh_from_db()
        assert not user.is_active


class TestLoginWithoutDeskAccess:
    def test_a_reporter_without_staff_status_is_told_plainly(self, client):
        user = UserFactory(username="ana", is_staff=False)
        user.set_password(PASSWORD)
        user.save()
        response = client.post(
            "/admin/login/", {"username": "ana", "password": PASSWORD, "next": "/admin/"}
        )
        assert "this account may not use the desk" in response.content.decode()

    def test_a_wrong_password_still_reveals_nothing(self, client):
        UserFactory(username="ana", is_staff=False)
        response = client.post("/admin/login/", {"username": "ana", "password": "wrong-wrong"})
        html = response.content.decode()
        assert "may not use the desk" not in html
        assert "correct username and password" in html
