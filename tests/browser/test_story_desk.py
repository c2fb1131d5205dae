"""Working on a story in Chromium (issue 18): the front-page board by mouse and by
keyboard, the preview of the unsaved form, the search and social previews, a
form free of console errors, and the history, with screenshots of each."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles import revisions
from articles.models import Article

from ..admin_forms import change_form, change_url
from ..factories import ArticleFactory, make_library_image

pytestmark = pytest.mark.django_db(transaction=True)

BOARD = reverse("admin:articles_article_front_page")


@pytest.fixture
def front(make_user):
    """Three live stories with pictures: two in slots, one waiting in the pool."""
    colours = [(200, 60, 40), (40, 120, 200), (60, 160, 80)]
    headlines = ["Night buses approved", "Harbour wall repaired", "Heron returns to the weir"]
    stories = []
    for position, (headline, colour) in enumerate(zip(headlines, colours, strict=True), start=1):
        picture = make_library_image(800, 533, color=colour, alt_text=f"Picture for {headline}")
        stories.append(
            ArticleFactory(
                headline=headline,
                lead_image=picture,
                front_page_position=position if position < 3 else None,
            )
        )
    return stories


def slot_value(page, slot: int) -> str:
    return page.locator(f"#id_slot_{slot}").input_value()


def lead_on_the_site(page, live_server) -> str:
    page.goto(live_server.url + "/")
    return page.locator(".front-lead .summary__headline").inner_text()


def test_the_board_by_mouse(live_server, new_page, artifacts, log_in, editor, front):
    buses, harbour, heron = front
    width = 1280
    page = new_page(width=width, height=1400)  # the slots and the pool in one view
    log_in(page, editor.username)
    assert lead_on_the_site(page, live_server) == "Night buses approved"
    page.goto(live_server.url + BOARD)
    assert page.locator(".front-board__slot").count() == 5
    assert page.locator(".front-board__slot").first.locator("img").get_attribute("alt") == (
        "Picture for Night buses approved"
    )
    page.screenshot(path=artifacts / f"desk-front-board-{width}.png", full_page=True)

    heron_card = page.locator(f'.front-board__pool [data-article="{heron.pk}"]')
    heron_card.drag_to(page.locator('[data-slot="1"]'))
    assert slot_value(page, 1) == str(heron.pk)
    assert "Heron returns to the weir" in page.locator('[data-slot="1"]').inner_text()
    # The story it replaced went back to the pool, and the change was announced.
    assert page.locator(f'.front-board__pool [data-article="{buses.pk}"]').count() == 1
    expect(page.locator("#front-board-status")).to_contain_text("is now Lead story")
    # Dragging the second slot's story to the pool clears that slot.
    page.locator(f'[data-slot="2"] [data-article="{harbour.pk}"]').drag_to(
        page.locator("[data-pool]")
    )
    assert slot_value(page, 2) == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"desk-front-board-moved-{width}.png", full_page=True)

    with page.expect_navigation():
        page.get_by_role("button", name="Save the front page").click()
    assert "readers see it now" in page.locator(".messagelist").inner_text()
    positions = dict(Article.objects.values_list("headline", "front_page_position"))
    assert positions == {
        "Heron returns to the weir": 1,
        "Night buses approved": None,
        "Harbour wall repaired": None,
    }
    assert lead_on_the_site(page, live_server) == "Heron returns to the weir"


def test_the_board_on_a_phone(live_server, new_page, artifacts, log_in, editor, front):
    """At 375 px the slots stack and each slot's list places a story (no dragging needed)."""
    _buses, _harbour, heron = front
    page = new_page(width=375, height=800)
    log_in(page, editor.username)
    page.goto(live_server.url + BOARD)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=artifacts / "desk-front-board-375.png", full_page=True)
    page.locator("#id_slot_3").select_option(str(heron.pk))
    assert "Heron returns to the weir" in page.locator('[data-slot="3"]').inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the front page").click()
    heron.refresh_from_db()
    assert heron.front_page_position == 3


def test_the_board_by_keyboard(live_server, new_page, artifacts, log_in, editor, front):
    buses, harbour, _heron = front
    page = new_page()
    log_in(page, editor.username)
    page.goto(live_server.url + BOARD)

    lead_slot = page.locator('[data-slot="1"]')
    lead_slot.get_by_role("button", name="Move down").focus()
    page.keyboard.press("Enter")
    assert (slot_value(page, 1), slot_value(page, 2)) == (str(harbour.pk), str(buses.pk))
    status = page.locator("#front-board-status")
    expect(status).to_contain_text("is now Lead story")
    assert status.get_attribute("aria-live") == "polite"

    # Focus stays on the board; Tab reaches the second slot's buttons.
    second = page.locator('[data-slot="2"]')
    second.get_by_role("button", name="Move down").focus()
    page.keyboard.press("Enter")
    assert (slot_value(page, 2), slot_value(page, 3)) == ("", str(buses.pk))
    page.locator('[data-slot="3"]').get_by_role("button", name="Clear slot").focus()
    page.keyboard.press("Space")
    assert slot_value(page, 3) == ""
    expect(status).to_contain_text("Top story 2 cleared")

    # The slot's own list works from the keyboard too.
    page.locator("#id_slot_2").focus()
    page.keyboard.press("ArrowDown")  # moves the choice without a mouse
    chosen = slot_value(page, 2)
    assert chosen != ""
    page.get_by_role("button", name="Save the front page").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    harbour.refresh_from_db()
    buses.refresh_from_db()
    assert harbour.front_page_position == 1
    assert Article.objects.get(pk=chosen).front_page_position == 2
    page.screenshot(path=artifacts / "desk-front-board-keyboard-1280.png", full_page=True)


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return errors


@pytest.mark.parametrize("width", [1280, 375])
def test_the_unsaved_form_previews_beside_it_at_phone_and_desktop_width(
    live_server, new_page, artifacts, log_in, editor, width
):
    article = ArticleFactory(
        headline="Stored headline", status=Article.Status.DRAFT, published_at=None
    )
    page = new_page(width=width)
    errors = console_errors(page)
    log_in(page, editor.username)
    page.goto(live_server.url + change_url(article))
    page.locator(".tox-edit-area iframe").wait_for()  # TinyMCE is up
    page.get_by_label("Headline").fill("Typed but not saved")
    page.get_by_role("button", name="Preview changes").click()

    frame = page.frame_locator("iframe.preview-panel__frame")
    frame.locator("h1").get_by_text("Typed but not saved").wait_for()
    assert "not saved" in frame.locator(".preview-notice").inner_text()
    panel = page.locator(".preview-panel")
    assert panel.is_visible()
    page.screenshot(path=artifacts / f"desk-form-preview-desktop-{width}.png")

    panel.get_by_role("button", name="Phone").click()
    assert panel.get_by_role("button", name="Phone").get_attribute("aria-pressed") == "true"
    inner = page.frame(name="newsroom-preview")
    assert inner.evaluate("window.innerWidth") == 375
    panel.get_by_role("button", name="Desktop").click()
    assert inner.evaluate("window.innerWidth") == 1280
    page.screenshot(path=artifacts / f"desk-form-preview-{width}.png")

    panel.get_by_role("button", name="Close preview").click()
    assert not panel.is_visible()
    article.refresh_from_db()
    assert article.headline == "Stored headline"
    assert errors == []


def test_without_javascript_the_preview_opens_in_a_new_tab(live_server, new_page, log_in, editor):
    article = ArticleFactory(
        headline="Stored headline", status=Article.Status.DRAFT, published_at=None
    )
    page = new_page(javascript=False)
    log_in(page, editor.username)
    page.goto(live_server.url + change_url(article))
    page.get_by_label("Headline").fill("Typed without scripts")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview changes").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "Typed without scripts"
    article.refresh_from_db()
    assert article.headline == "Stored headline"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_search_and_social_previews_follow_what_is_typed(
    live_server, new_page, artifacts, log_in, reporter, width
):
    from ..factories import AuthorFactory

    own = AuthorFactory(name="Ana Diaz", user=reporter)
    page = new_page(width=width)
    errors = console_errors(page)
    log_in(page, reporter.username)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.locator(".tox-edit-area iframe").wait_for()
    # A new story starts with the reporter's own byline.
    assert page.locator("#id_article_authors-0-author").input_value() == str(own.pk)

    headline = "Council approves a two-year trial of night buses on four of the city's routes"
    page.get_by_label("Headline").fill(headline)
    page.get_by_label("Standfirst").fill("Buses will run all night from May.")
    counter = page.locator("#id_headline_counter")
    assert counter.inner_text().startswith(f"{len(headline)} of 60 characters")
    assert "too many" in counter.inner_text()
    assert "char-counter--over" in counter.get_attribute("class")
    search_title = page.locator('[data-preview="search-title"]')
    assert search_title.inner_text().endswith("\u2026")
    assert len(search_title.inner_text()) <= 60

    page.get_by_label("SEO title").fill("Night buses: council approves trial")
    assert search_title.inner_text() == "Night buses: council approves trial"
    assert page.locator("#id_seo_title_counter").inner_text().startswith("35 of 60 characters.")
    assert "search results use the SEO title" in counter.inner_text()
    page.get_by_label("Meta description").fill("Four routes will run all night from May.")
    assert page.locator('[data-preview="search-description"]').inner_text() == (
        "Four routes will run all night from May."
    )
    page.get_by_label("Title on social sites").fill("Night buses are coming")
    assert page.locator('[data-preview="card-title"]').inner_text() == "Night buses are coming"
    page.locator(".seo-previews").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"desk-form-seo-preview-{width}.png")
    page.screenshot(path=artifacts / f"desk-article-form-{width}.png", full_page=True)
    assert errors == []  # no missing TinyMCE language file, no script errors


@pytest.mark.parametrize("width", [1280, 375])
def test_the_history_shows_every_change_in_words_and_colour(
    live_server, new_page, artifacts, log_in, editor, client, width
):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="River rises")
    client.force_login(editor)
    for headline, body in [
        (
            "River rises",
            "<p>The river rose&nbsp;two metres. "
            'See <a href="https://old.example/">the gauge</a>.</p>',
        ),
        (
            "River bursts its banks",
            "<p>The river rose <em>three</em> metres. "
            'See <a href="https://new.example/">the gauge</a>.</p>',
        ),
    ]:
        article.refresh_from_db()
        client.post(change_url(article), change_form(article, headline=headline, body=body))
    newest, oldest = list(revisions.versions_of(article.pk))[:2]
    page = new_page(width=width)
    log_in(page, editor.username)
    page.goto(
        live_server.url + reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    )
    table = page.locator(".revision-diff__table")
    assert "&nbsp;" not in table.inner_text()
    added = table.locator("ins").first
    assert added.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(212, 247, 220)"
    removed = table.locator("del").first
    assert removed.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 222, 222)"
    assert "new.example" in table.locator("ins").all_inner_texts().__str__()
    assert "italic" in table.locator("ins").all_inner_texts().__str__()
    page.screenshot(path=artifacts / f"desk-history-diff-{width}.png", full_page=True)

    page.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
    assert "(current)" in page.locator("#change-history tbody tr").first.inner_text()
    page.screenshot(path=artifacts / f"desk-history-{width}.png", full_page=True)
    page.goto(
        live_server.url + reverse("admin:articles_article_revision", args=[article.pk, newest.pk])
    )
    assert page.get_by_role("button", name="Restore", exact=False).count() == 0
