"""The change form keeps what was typed in the browser until a save succeeds.

A real outage for the live server (its connections cannot open the
database), a real Chromium typing into TinyMCE: the save is refused with
the desk's 503 page, the text comes back when the form is opened again, and
the browser's copy is gone once a save went through.
"""

import pytest
from django.urls import reverse

from articles.models import Article

from ..factories import ArticleFactory
from ..outages import connection_per_request, database_unreachable

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures(connection_per_request.__name__),
]


def kept_copies(page) -> list[str]:
    return page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('newsroom:kept:'))"
    )


def body_editor(page):
    return page.frame_locator("#id_body_ifr").locator("body")


def test_text_typed_when_the_save_fails_is_offered_back_until_a_save_succeeds(
    live_server, new_page, artifacts, log_in, editor, tmp_path
):
    article = ArticleFactory(
        headline="Stored headline",
        body="<p>Stored body.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    page = new_page()
    log_in(page, editor.username)
    page.goto(change_url)
    assert page.locator("#kept-text").is_hidden()
    page.get_by_label("Headline").fill("Typed while the database was away")
    body_editor(page).click()
    body_editor(page).fill("A body typed during the outage.")

    with database_unreachable(tmp_path):
        with page.expect_navigation():
            page.get_by_role("button", name="Save", exact=True).click()
        assert page.get_by_role(
            "heading", name="The database is unavailable; your text is kept"
        ).is_visible()
        page.screenshot(path=artifacts / "desk-database-unavailable-1280.png", full_page=True)
    assert len(kept_copies(page)) == 1
    article.refresh_from_db()
    assert article.headline == "Stored headline"

    page.goto(change_url)
    offer = page.locator("#kept-text")
    offer.wait_for(state="visible")
    assert page.get_by_label("Headline").input_value() == "Stored headline"
    page.screenshot(path=artifacts / "desk-kept-text-offer-1280.png")
    page.get_by_role("button", name="Restore what I typed").click()
    assert offer.is_hidden()
    assert page.get_by_label("Headline").input_value() == "Typed while the database was away"
    assert "A body typed during the outage." in body_editor(page).inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    article.refresh_from_db()
    assert article.headline == "Typed while the database was away"
    assert "A body typed during the outage." in article.body
    assert kept_copies(page) == []  # dropped on the list the save landed on

    page.goto(change_url)
    page.wait_for_timeout(600)
    assert page.locator("#kept-text").is_hidden()


def test_a_kept_copy_can_be_discarded(live_server, new_page, log_in, editor, tmp_path):
    article = ArticleFactory(headline="Stored", status=Article.Status.DRAFT, published_at=None)
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    page = new_page()
    log_in(page, editor.username)
    page.goto(change_url)
    page.get_by_label("Headline").fill("Typed, then thought better of")
    with database_unreachable(tmp_path), page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_role(
        "heading", name="The database is unavailable; your text is kept"
    ).is_visible()

    page.goto(change_url)
    page.locator("#kept-text").wait_for(state="visible")
    page.get_by_role("button", name="Discard it").click()
    assert kept_copies(page) == []
    page.reload()
    page.wait_for_timeout(600)
    assert page.locator("#kept-text").is_hidden()
    assert page.get_by_label("Headline").input_value() == "Stored"
