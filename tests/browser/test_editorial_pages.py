"""Corrections, previews and the workflow buttons as people see them in Chromium."""

import pytest
from django.urls import reverse

from articles import corrections
from articles.models import Article, ArticleNote

from ..factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_corrections_on_the_story_and_the_record(live_server, new_page, artifacts, editor, width):
    article = ArticleFactory(headline="Council approves night buses")
    corrections.add_note(
        article,
        kind=ArticleNote.Kind.CORRECTION,
        text="An earlier version gave the wrong start date.",
        user=editor,
    )
    corrections.add_note(
        article, kind=ArticleNote.Kind.UPDATE, text="The first bus ran on time.", user=editor
    )
    page = new_page(width=width)
    page.goto(live_server.url + article.get_absolute_url())
    correction = page.get_by_text("An earlier version gave the wrong start date.")
    assert correction.is_visible()
    assert page.get_by_text("Updated", exact=False).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"story-with-notes-{width}.png", full_page=True)

    page.goto(live_server.url + reverse("articles:corrections"))
    assert page.get_by_role("heading", level=1).inner_text() == "Corrections and notes"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"corrections-{width}.png", full_page=True)


def test_a_reporter_sees_only_submit_and_a_preview(
    live_server, new_page, artifacts, log_in, reporter
):
    article = ArticleFactory(
        headline="Draft about trams",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=reporter,
    )
    page = new_page()
    log_in(page, reporter.username)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    assert page.get_by_role("button", name="Save and submit for review").is_visible()
    assert page.get_by_role("button", name="Save and publish").count() == 0
    assert page.get_by_role("link", name="Share link").count() == 0
    page.screenshot(path=artifacts / "admin-reporter-change-form.png", full_page=True)

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview").click()  # opens in a new tab
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.get_by_role("heading", level=1).inner_text() == "Draft about trams"
    preview.screenshot(path=artifacts / "preview-draft-1280.png")


def test_two_editors_one_story_then_the_history(
    live_server, new_page, artifacts, log_in, make_user
):
    make_user("editor", "ana")
    make_user("editor", "ben")
    article = ArticleFactory(
        headline="Flood warning", status=Article.Status.DRAFT, published_at=None
    )
    change = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    ana, ben = new_page(), new_page()
    for page, name in ((ana, "ana"), (ben, "ben")):
        log_in(page, name)
        page.goto(change)
    assert ben.get_by_text("ana has this article open too").is_visible()

    ana.get_by_label("Headline").fill("Flood warning for the valley")
    with ana.expect_navigation():
        ana.get_by_role("button", name="Save", exact=True).click()
    ben.get_by_label("Headline").fill("Flood warning lifted")
    with ben.expect_navigation():
        ben.get_by_role("button", name="Save", exact=True).click()
    assert ben.get_by_text("ana changed this article").is_visible()
    assert ben.get_by_label("Headline").input_value() == "Flood warning lifted"
    assert ben.locator(".newer-version__headline").inner_text() == "Flood warning for the valley"
    ben.screenshot(path=artifacts / "admin-stale-save-conflict.png", full_page=True)

    with ben.expect_navigation():  # merged: saves now
        ben.get_by_role("button", name="Save", exact=True).click()
    ben.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
    with ben.expect_navigation():
        ben.get_by_role("button", name="Compare with the newest revision").click()
    assert ben.locator("ins", has_text="lifted").is_visible()
    ben.screenshot(path=artifacts / "admin-revision-diff.png", full_page=True)
