"""The desk looks like an editorial tool at 1280 px and on a phone.

What people noticed: headlines wrapped to seven lines and the last columns
hid behind an inner scrollbar in the article list; the workflow buttons were
tiny chips; the headline box was too small for a headline.
"""

import pytest
from playwright.sync_api import expect

from ..factories import ArticleFactory, AuthorFactory, TagFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "Council approves the harbour front plan after a decade of objections from residents"


@pytest.fixture
def stories():
    author = AuthorFactory(name="Ana Diaz")
    tag = TagFactory(name="Politics")
    return [
        ArticleFactory(headline=f"{LONG} ({i})", authors=[author], tags=[tag]) for i in range(8)
    ]


def overflow(page, selector: str) -> int:
    """How many pixels of ``selector`` are hidden beyond its box (an inner scrollbar)."""
    return page.evaluate(
        "s => { const e = document.querySelector(s); return e.scrollWidth - e.clientWidth; }",
        selector,
    )


def test_the_article_list_fits_at_1280(live_server, new_page, log_in, editor, stories, artifacts):
    page = new_page(width=1280, height=900)
    log_in(page, "editor")
    page.goto(live_server.url + "/admin/articles/article/")
    page.screenshot(path=artifacts / "desk-list-1280.png", full_page=True)
    assert overflow(page, ".results") <= 0, "no column hides behind an inner scrollbar"
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#result_list th.field-headline'))"
        ".lineHeight)"
    )
    for height in page.locator("#result_list th.field-headline").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().height)"
    ):
        assert height <= 3 * line_height + 20, "a headline takes at most three lines"


def test_the_article_list_on_a_phone(live_server, new_page, log_in, editor, stories, artifacts):
    page = new_page(width=375, height=800)
    log_in(page, "editor")
    page.goto(live_server.url + "/admin/articles/article/")
    page.screenshot(path=artifacts / "desk-list-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    expect(page.get_by_role("link", name=f"{LONG} (0)")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_workflow_buttons_and_the_headline_box(
    live_server, new_page, log_in, editor, stories, artifacts, width
):
    page = new_page(width=width, height=900)
    log_in(page, "editor")
    story = stories[0]
    story.status = story.Status.REVIEW
    story.published_at = None
    story.save()
    page.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    page.screenshot(path=artifacts / f"desk-form-{width}.png", full_page=True)
    # Visible ones: Schedule stays hidden until a time still to come is set.
    buttons = page.locator(".workflow-actions button:visible")
    assert buttons.count() >= 1
    for box in buttons.evaluate_all("bs => bs.map(b => b.getBoundingClientRect().toJSON())"):
        assert box["height"] >= 40, "a primary action, not a chip"
    headline = page.locator("#id_headline").bounding_box()
    assert headline is not None
    content = page.locator("#content").bounding_box()
    assert content is not None
    assert headline["width"] >= 0.6 * content["width"] - 200 or headline["width"] >= 600
    font = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#id_headline')).fontSize)"
    )
    assert font >= 18, "the headline box reads like a headline"
