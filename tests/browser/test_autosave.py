"""Autosave in a real browser: type, wait, close the tab, reopen, restore."""

import pytest
from django.urls import reverse

from articles.models import Article

from ..factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_survives_closing_the_tab(live_server, new_page, artifacts, log_in, editor):
    article = ArticleFactory(
        headline="Stored headline", status=Article.Status.DRAFT, published_at=None
    )
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])

    page = new_page()
    log_in(page, editor.username)
    page.goto(change_url)
    page.get_by_label("Headline").fill("Typed in the browser, never saved")
    page.get_by_label("Standfirst").fill("A standfirst typed before the crash.")
    page.get_by_text("Unsaved changes kept as a draft").wait_for(timeout=15_000)
    context = page.context
    page.close()

    reopened = context.new_page()
    reopened.goto(change_url)
    offer = reopened.get_by_text("You have unsaved changes")
    assert offer.is_visible()
    reopened.screenshot(path=artifacts / "autosave-offer-1280.png")
    with reopened.expect_navigation():
        reopened.get_by_role("link", name="Restore unsaved text").click()
    assert reopened.get_by_label("Headline").input_value() == "Typed in the browser, never saved"
    assert reopened.get_by_label("Standfirst").input_value() == (
        "A standfirst typed before the crash."
    )
    article.refresh_from_db()
    assert article.headline == "Stored headline"

    with reopened.expect_navigation():
        reopened.get_by_role("button", name="Save", exact=True).click()
    article.refresh_from_db()
    assert article.headline == "Typed in the browser, never saved"


def test_opening_the_form_leaves_the_unsaved_draft_alone(live_server, new_page, log_in, editor):
    """The editor's TinyMCE rewriting the stored body is not typing: no autosave
    of the stored text may replace the draft the page offers to restore."""
    from desk import autosave

    article = ArticleFactory(
        headline="Stored headline", status=Article.Status.DRAFT, published_at=None
    )
    autosave.store(
        article,
        editor,
        {"headline": "Typed before the crash", "body": article.body},
        base_version=article.version,
    )
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    page = new_page()
    log_in(page, editor.username)
    page.goto(change_url)
    assert page.get_by_text("You have unsaved changes").is_visible()
    page.wait_for_timeout(6_500)  # past the autosave's first tick
    with page.expect_navigation():
        page.get_by_role("link", name="Restore unsaved text").click()
    assert page.get_by_label("Headline").input_value() == "Typed before the crash"
