"""Live coverage in Chromium: the desk posts, pins and marks; the reader's open page
offers "1 new update" within the poll interval; without JavaScript it is complete."""

import json
import time
import uuid

import pytest
from django.urls import reverse

from articles import live, workflow
from articles.models import Article

from ..factories import ArticleFactory, AuthorFactory
from ..live import add_updates, live_story
from .test_reader_site import axe_script, axe_violations  # noqa: F401 - axe_script is a fixture

pytestmark = pytest.mark.django_db(transaction=True)

# The reader's page polls this often in these tests (NEWSROOM_LIVE_POLL_SECONDS).
POLL_SECONDS = 1


@pytest.fixture
def fast_polling(settings):
    settings.NEWSROOM_LIVE_POLL_SECONDS = POLL_SECONDS


def publish(article, user, body, **kwargs):
    update, _ = live.post_update(
        article, user=user, body=body, idempotency_key=uuid.uuid4(), publish=True, **kwargs
    )
    return update


def test_an_editor_goes_live_posts_pins_and_marks_a_key_event(
    live_server, new_page, log_in, editor, artifacts
):
    AuthorFactory(name="Edie Tor", user=editor)
    story = ArticleFactory(headline="Storm hits the coast")
    page = new_page()
    log_in(page, editor.username)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[story.pk]))
    page.get_by_role("link", name="Live updates").click()
    page.get_by_role("button", name="Start live coverage").click()
    page.get_by_text("Live coverage started.").wait_for()

    page.get_by_label("Update", exact=True).fill("The harbour road is closed.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_label("Title (optional)").fill("Evacuation ordered")
    page.get_by_label("Update", exact=True).fill("Residents of the lower town must leave by 6pm.")
    page.get_by_label("Key event").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish", exact=True).click()
    first = story.live_updates.get(title="")
    with page.expect_navigation():
        page.locator(f'form:has(input[name="update"][value="{first.pk}"])').get_by_role(
            "button", name="Pin"
        ).click()

    story.refresh_from_db()
    assert story.in_live_coverage
    updates = {update.title: update for update in story.live_updates.all()}
    assert updates[""].pinned
    assert updates["Evacuation ordered"].key_event
    assert [a.name for a in updates["Evacuation ordered"].authors.all()] == ["Edie Tor"]
    assert all(update.status == "published" for update in updates.values())
    badge = new_page()
    log_in(badge, editor.username)
    badge.goto(live_server.url + reverse("admin:articles_article_changelist"))
    assert badge.locator("#result_list .live-badge").count() == 1

    for width in (1280, 375):
        shot = new_page(width=width, height=900)
        log_in(shot, editor.username)
        shot.goto(live_server.url + reverse("admin:articles_article_live", args=[story.pk]))
        assert shot.evaluate("document.documentElement.scrollWidth") <= width
        shot.screenshot(path=artifacts / f"live-desk-{width}.png", full_page=True)


def test_a_post_that_loses_its_answer_is_retried_once_and_never_doubled(
    live_server, new_page, log_in, editor
):
    story = live_story()
    page = new_page(width=375)
    log_in(page, editor.username)
    desk = live_server.url + reverse("admin:articles_article_live", args=[story.pk])
    page.goto(desk)
    page.get_by_label("Update", exact=True).fill("Sent from a field with one bar of signal.")

    dropped = []

    def drop_first_answer(route):
        if route.request.method == "POST" and not dropped:
            route.fetch()  # the server gets the post and makes the update ...
            dropped.append(True)
            route.abort("connectionreset")  # ... but the phone never hears back
        else:
            route.continue_()

    page.route(desk, drop_first_answer)
    with page.expect_navigation(timeout=15_000):
        page.get_by_role("button", name="Publish", exact=True).click()
    assert dropped
    assert story.live_updates.count() == 1
    kept = page.evaluate("Object.keys(localStorage)")
    assert not [key for key in kept if key.startswith("newsroom-live-draft")]


def test_typed_text_survives_a_failed_post_and_a_closed_tab(live_server, new_page, log_in, editor):
    story = live_story()
    page = new_page(width=375)
    log_in(page, editor.username)
    desk = live_server.url + reverse("admin:articles_article_live", args=[story.pk])
    page.goto(desk)
    page.context.set_offline(True)
    page.get_by_label("Update", exact=True).fill("Words typed with no signal at all.")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("trying again").wait_for()
    assert page.get_by_label("Update", exact=True).input_value() == (
        "Words typed with no signal at all."
    )
    page.context.set_offline(False)
    reopened = page.context.new_page()
    page.close()
    reopened.goto(desk)
    assert reopened.get_by_label("Update", exact=True).input_value() == (
        "Words typed with no signal at all."
    )
    assert reopened.get_by_text("restored from this device").is_visible()


def test_a_readers_open_page_offers_the_new_update_within_the_poll_interval(
    live_server, new_page, editor, fast_polling, artifacts
):
    story = live_story(headline="Storm hits the coast")
    add_updates(story, 3)
    pinned = publish(story, editor, "Pinned: where to find shelter.", pinned=True)
    publish(story, editor, "The first bridge is shut.", key_event=True)
    page = new_page()
    page.goto(live_server.url + story.get_absolute_url())
    first = page.locator(".live article.live-update").first
    assert first.get_attribute("id") == f"update-{pinned.pk}"
    page.locator(".live-update__ago").first.wait_for()
    time.sleep(POLL_SECONDS + 0.5)  # one quiet round: answered 304

    posted_at = time.monotonic()
    newest = publish(story, editor, "The second bridge is shut too.")
    button = page.get_by_role("button", name="1 new update")
    button.wait_for(timeout=(POLL_SECONDS + 1) * 1000 + 1500)
    waited = time.monotonic() - posted_at
    assert waited < POLL_SECONDS + 1 + 1.5
    assert page.locator(f"#update-{newest.pk}").count() == 0  # not pushed in unasked
    page.screenshot(path=artifacts / "live-page-new-update-1280.png")
    button.click()
    inserted = page.locator(".live__stream article.live-update").first
    assert inserted.get_attribute("id") == f"update-{newest.pk}"
    assert page.evaluate("document.activeElement.id") == f"update-{newest.pk}"
    assert "min ago" in inserted.inner_text() or "just now" in inserted.inner_text()
    assert page.locator(".live article.live-update").first.get_attribute("id") == (
        f"update-{pinned.pk}"
    )

    workflow.end_live(story, user=editor)
    page.get_by_text("Live coverage has ended.").wait_for(timeout=(POLL_SECONDS + 2) * 1000)
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    time.sleep(POLL_SECONDS * 3)
    assert not [url for url in asked if url.endswith("updates.json")]


def test_on_a_spanish_site_the_script_speaks_spanish(
    live_server, new_page, editor, fast_polling, settings
):
    """live.js's own words come from the JavaScript catalog, in the site's language."""
    settings.LANGUAGE_CODE = "es"
    settings.LANGUAGES = [("es", "Spanish")]
    story = live_story(headline="Temporal en la costa")
    add_updates(story, 2)
    page = new_page()
    page.goto(live_server.url + story.get_absolute_url())
    ago = page.locator(".live-update__ago").first
    ago.wait_for()
    assert ago.inner_text().startswith("hace ")  # "hace 2 min"

    publish(story, editor, "Cortada la carretera del puerto.")
    button = page.get_by_role("button", name="1 actualización nueva")
    button.wait_for(timeout=(POLL_SECONDS + 1) * 1000 + 1500)
    button.click()
    inserted = page.locator(".live__stream article.live-update").first
    assert "ahora mismo" in inserted.inner_text()


def test_a_hidden_tab_does_not_poll(live_server, new_page, fast_polling):
    story = live_story()
    add_updates(story, 2)
    page = new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server.url + story.get_absolute_url())
    page.locator(".live-update__ago").first.wait_for()
    page.evaluate(
        """() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    )
    asked.clear()
    time.sleep(POLL_SECONDS * 3)
    assert not [url for url in asked if url.endswith("updates.json")]
    page.evaluate(
        """() => {
        Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    )
    page.wait_for_timeout(500)
    assert [url for url in asked if url.endswith("updates.json")]


def test_without_javascript_the_page_is_complete(live_server, new_page, editor):
    story = live_story()
    add_updates(story, 60)
    key = publish(story, editor, "The dam held.", key_event=True)
    page = new_page(javascript=False)
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator(".live__stream article.live-update").count() == 50
    assert not page.get_by_role("button", name="new update").is_visible()
    page.get_by_role("link", name="The dam held.").click()
    assert page.locator(f"#update-{key.pk}").is_visible()
    page.get_by_role("link", name="Older updates").click()
    assert page.locator(".live__stream article.live-update").count() == 11
    publish(story, editor, "Posted while the reader looked away.")
    page.goto(live_server.url + story.get_absolute_url())
    assert page.get_by_text("Posted while the reader looked away.").is_visible()


def test_the_permalink_opens_the_right_update(live_server, new_page):
    story = live_story()
    updates = add_updates(story, 80)
    far = updates[5]
    page = new_page(width=375, height=700)
    page.goto(live_server.url + far.get_absolute_url().replace("http://testserver", ""))
    target = page.locator(f"#update-{far.pk}")
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == f"update-{far.pk}"
    box = target.bounding_box()
    assert -1 < box["y"] < 700  # scrolled to it (sub-pixel rounding aside)
    assert far.title in target.inner_text()


def test_json_ld_parses_as_a_live_blog_posting_with_its_updates(live_server, new_page, editor):
    story = live_story()
    shown = [publish(story, editor, f"Update number {n}.") for n in range(3)]
    page = new_page()
    page.goto(live_server.url + story.get_absolute_url())
    blocks = [
        json.loads(text)
        for text in page.locator('script[type="application/ld+json"]').all_text_contents()
    ]
    assert [block["@type"] for block in blocks] == ["NewsArticle", "LiveBlogPosting"]
    blog = blocks[1]
    assert blog["coverageStartTime"].endswith("Z")
    assert "coverageEndTime" not in blog
    assert [item["@type"] for item in blog["liveBlogUpdate"]] == ["BlogPosting"] * 3
    assert [item["articleBody"] for item in blog["liveBlogUpdate"]] == [
        f"Update number {n}." for n in (2, 1, 0)
    ]
    assert blog["liveBlogUpdate"][0]["url"].endswith(f"#update-{shown[-1].pk}")


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_and_accessibility_of_the_live_page(
    live_server,
    new_page,
    editor,
    artifacts,
    width,
    axe_script,  # noqa: F811
):
    story = live_story(
        headline="Storm hits the coast: follow it live",
        body="<p>A storm brought flooding to the coast overnight. Here is what we know.</p>",
        authors=[AuthorFactory(name="Ana Diaz")],
    )
    add_updates(story, 4)
    publish(story, editor, "Shelters are open at the school and the town hall.", pinned=True)
    publish(story, editor, "<p>The harbour road is closed <b>both ways</b>.</p>", key_event=True)
    corrected = publish(story, editor, "Power is out in 300 homes.")
    live.correct_update(corrected, user=editor, body="Power is out in 3,000 homes.")
    page = new_page(width=width, height=900)
    page.goto(live_server.url + story.get_absolute_url())
    page.locator(".live-update__ago").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"live-page-{width}.png", full_page=True)
    assert Article.objects.get(pk=story.pk).in_live_coverage
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=2)[:3000]
