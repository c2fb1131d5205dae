"""An administrator invites a reporter and later makes her an editor, in Chromium."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from articles import people

from ..factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "fjord-ferries-sail-at-dawn"


@pytest.fixture
def administrator(editorial_groups):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_invite_then_change_the_role(
    live_server, new_page, log_in, administrator, artifacts, settings, width
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NEWSROOM_SITE_URL = live_server.url
    page = new_page(width=width)
    log_in(page, "boss")
    page.goto(live_server.url + "/admin/auth/user/")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Name, as in a byline").fill("Ingrid Vold")
    page.get_by_label("E-mail address").fill("ingrid@example.org")
    page.get_by_label("Role").select_option("reporter")
    page.screenshot(path=artifacts / f"people-invite-{width}.png", full_page=True)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to ingrid@example.org as Reporter")).to_be_visible()
    assert page.get_by_label("Role").input_value() == "reporter"
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=artifacts / f"people-person-{width}.png", full_page=True)

    # The person's page: one field changes the role.
    page.get_by_label("Role").select_option("editor")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    ingrid = get_user_model().objects.get(email="ingrid@example.org")
    assert people.role_of(ingrid) == people.Role.EDITOR
    page.screenshot(path=artifacts / f"people-list-{width}.png", full_page=True)

    # The invitee follows the e-mailed link, chooses a password and logs in.
    link = re.search(r"http\S+/welcome/\S+/", mail.outbox[-1].body).group(0)
    invitee = new_page(width=width)
    invitee.goto(link)
    invitee.locator("#id_new_password1").fill(NEW_PASSWORD)
    invitee.locator("#id_new_password2").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Set my password").click()
    expect(invitee.get_by_text("Your password is set")).to_be_visible()
    log_in(invitee, ingrid.username, NEW_PASSWORD)
    assert (
        invitee.get_by_role("link", name="Log out").count()
        + invitee.get_by_role("button", name="Log out").count()
        >= 1
    )
