"""The desk's home, notifications and publishing with confidence, as people use them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVisit
from articles.workflow import Action

from ..factories import ArticleFactory
from ..smtp_server import smtp_server
from .test_reader_site import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

Status = Article.Status


def change_url(live_server, article) -> str:
    return live_server.url + reverse("admin:articles_article_change", args=[article.pk])


def test_submit_then_send_back_with_a_note_reaches_the_reporter(
    live_server, new_page, log_in, make_user, settings, artifacts
):
    reporter = make_user("reporter")
    editor = make_user("editor")
    article = ArticleFactory(
        headline="Harbour cranes stand still",
        status=Status.DRAFT,
        published_at=None,
        created_by=reporter,
    )
    with smtp_server(settings) as inbox:
        reporter_page = new_page()
        log_in(reporter_page, reporter.username)
        reporter_page.goto(change_url(live_server, article))
        with reporter_page.expect_navigation():
            reporter_page.get_by_role("button", name="Save and submit for review").click()

        editor_page = new_page()
        log_in(editor_page, editor.username)  # lands on the home page
        awaiting = editor_page.locator("section", has=editor_page.locator("#home-awaiting-review"))
        assert "Awaiting review (1)" in awaiting.locator("h2").inner_text()
        link = awaiting.get_by_role("link", name="Harbour cranes stand still")
        assert link.is_visible()
        assert editor_page.locator(".desk-notifications-link__count").inner_text().startswith("1")
        assert editor_page.get_by_text(
            "reporter submitted \u201cHarbour cranes stand still\u201d for review."
        ).is_visible()

        link.click()  # one click from the row to the story
        editor_page.wait_for_url(change_url(live_server, article))
        editor_page.get_by_label("Note for the move").fill("Add the harbour master's reply.")
        with editor_page.expect_navigation():
            editor_page.get_by_role("button", name="Save and send back to draft").click()

        reporter_page.goto(live_server.url + reverse("admin:index"))
        sent_back = reporter_page.locator("section", has=reporter_page.locator("#home-sent-back"))
        assert sent_back.get_by_role("link", name="Harbour cranes stand still").is_visible()
        assert sent_back.locator("blockquote").inner_text() == "Add the harbour master's reply."
        reporter_page.screenshot(path=artifacts / "desk-home-sent-back-1280.png", full_page=True)

    to_reporter = [m for m in inbox.messages if m["To"] == reporter.email]
    assert len(to_reporter) == 1
    assert to_reporter[0]["Subject"] == "[Sent back] Harbour cranes stand still"
    text = to_reporter[0].get_payload(decode=True).decode()
    assert "Note: Add the harbour master's reply." in text
    assert [m["To"] for m in inbox.messages if "[Submitted" in m["Subject"]] == [editor.email]


def test_publishing_an_empty_story_is_refused_with_what_is_missing(
    live_server, new_page, log_in, make_user, artifacts
):
    editor = make_user("editor")
    page = new_page()
    log_in(page, editor.username)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.get_by_label("Headline").fill("Nothing but a headline")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and publish").click()
    panel = page.locator(".readiness")
    assert panel.get_by_role("heading", name="Not ready to publish").is_visible()
    listed = panel.locator("li").all_inner_texts()
    assert listed == [
        "The body is empty: write the story.",
        "There is no byline: add an author or a free-text byline.",
    ]
    assert page.get_by_label("Headline").input_value() == "Nothing but a headline"
    assert not Article.objects.exists()
    page.screenshot(path=artifacts / "desk-publish-refused-1280.png", full_page=True)


def test_a_scheduled_story_s_message_and_list_entry_name_the_zone(
    live_server, new_page, log_in, make_user, artifacts
):
    editor = make_user("editor")
    article = ArticleFactory(headline="Budget day", status=Status.REVIEW, published_at=None)
    page = new_page()
    log_in(page, editor.username)
    page.goto(change_url(live_server, article))
    schedule = page.get_by_role("button", name="Save and schedule")
    assert schedule.is_hidden()  # no time still to come yet
    when = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    page.locator("#id_published_at_0").fill(when.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill("10:00:00")
    assert schedule.is_visible()  # beside Save and publish
    with page.expect_navigation():
        schedule.click()
    expected = f"Scheduled for 10:00 UTC, {when:%A %B} {when.day}"
    message = page.locator(".messagelist li").first.inner_text()
    assert message.startswith(expected), message
    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    row = page.locator("tr", has=page.get_by_role("link", name="Budget day"))
    assert row.locator(".field-status_label").inner_text() == "Scheduled"
    assert row.locator(".field-published_at_in_zone").inner_text() == expected.removeprefix(
        "Scheduled for "
    )
    assert page.get_by_role("columnheader", name=re.compile(r"Published at \(UTC\)")).is_visible()
    page.screenshot(path=artifacts / "desk-scheduled-list-1280.png", full_page=True)


@pytest.fixture
def busy_desk(make_user):
    reporter = make_user("reporter")
    editor = make_user("editor")
    other = make_user("reporter", "sam")
    for headline in ("Tram fares rise in spring", "New library opens its doors"):
        story = ArticleFactory(
            headline=headline, status=Status.DRAFT, published_at=None, created_by=reporter
        )
        workflow.transition(story, action=Action.SUBMIT, user=reporter)
    returned = ArticleFactory(
        headline="Council budget: the details",
        status=Status.DRAFT,
        published_at=None,
        created_by=reporter,
    )
    workflow.transition(returned, action=Action.SUBMIT, user=reporter)
    workflow.transition(
        returned, action=Action.SEND_BACK, user=editor, note="Add the opposition's figures."
    )
    ArticleFactory(
        headline="Storm notes", status=Status.DRAFT, published_at=None, created_by=reporter
    )
    ArticleFactory(
        headline="Election night: what to watch",
        published_at=timezone.now() + timedelta(hours=5),
    )
    for hours, headline in ((1, "Harbour reopens after repairs"), (3, "School year starts")):
        ArticleFactory(headline=headline, published_at=timezone.now() - timedelta(hours=hours))
    being_edited = ArticleFactory(
        headline="Rail strike called off",
        status=Status.DRAFT,
        published_at=None,
        created_by=other,
    )
    ArticleVisit.objects.create(user=other, article=being_edited)
    return {"reporter": reporter, "editor": editor}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_screenshots_of_the_home_page(
    live_server, new_page, log_in, busy_desk, artifacts, role, width
):
    page = new_page(width=width)
    log_in(page, busy_desk[role].username)
    assert page.get_by_role("heading", level=1).inner_text() == "Editorial desk"
    headings = page.locator(".desk-home h2").all_inner_texts()
    if role == "editor":
        assert "Awaiting review (2)" in headings
    else:
        assert not any(h.startswith("Awaiting review") for h in headings)
        assert "Sent back to me (1)" in headings
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"desk-home-{role}-{width}.png", full_page=True)
    found = [(v["id"], [n["html"] for n in v["nodes"]]) for v in axe_violations(page)]
    assert not found, found
