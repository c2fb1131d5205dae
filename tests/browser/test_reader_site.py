"""The reader's site in Chromium: announcements, keyboard use, accessibility."""

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from banners.models import Announcement

from ..factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def announce(message: str, style: str = "breaking") -> Announcement:
    return Announcement.objects.create(
        message=message, style=style, starts_at=timezone.now() - timedelta(seconds=5)
    )


@pytest.fixture
def site():
    """A small, realistic paper: sections, bylines with bios, related stories."""
    now = timezone.now()
    politics = TagFactory(name="Politics", slug="politics", in_navigation=True, navigation_order=1)
    climate = TagFactory(name="Climate", slug="climate", in_navigation=True, navigation_order=2)
    ana = AuthorFactory(name="Ana Diaz", slug="ana-diaz", bio="Ana reports on energy and climate.")
    sam = AuthorFactory(name="Sam Lee", slug="sam-lee", bio="Sam is the paper's photographer.")
    oslo = DatelineFactory(name="Oslo", slug="oslo")
    for i in range(14):
        ArticleFactory(
            headline=f"Council weighs plan number {i} for the harbour front",
            standfirst="Residents will be asked for their views before the summer.",
            authors=[ana if i % 2 else sam],
            tags=[politics if i % 3 else climate],
            published_at=now - timedelta(hours=3 + i),
        )
    return ArticleFactory(
        headline="Glaciers in Norway retreat at a record pace",
        slug="glaciers-retreat",
        standfirst="Scientists measured the largest loss since records began.",
        dateline=oslo,
        body="<p>Norway's glaciers shrank faster last year than in any year on record, "
        "scientists said on Tuesday.</p><p>The loss was greatest in the west.</p>",
        authors=[ana, (sam, "photographs")],
        tags=[climate],
        published_at=now - timedelta(hours=1),
    )


def banner_shown(page) -> bool:
    banner = page.locator(".top-banner")
    return banner.count() == 1 and banner.is_visible()


class TestAnnouncementClose:
    def test_with_javascript(self, live_server, new_page, site):
        announce("Polls have closed")
        page = new_page()
        page.goto(live_server.url + site.get_absolute_url())
        assert "Polls have closed" in page.locator(".top-banner").inner_text()

        page.get_by_role("button", name="Close announcement").click()
        assert page.locator(".top-banner").is_hidden(), "hidden at once"
        page.reload()
        assert not banner_shown(page)
        page.goto(live_server.url + "/tags/climate/")
        assert not banner_shown(page)

        announce("Results are in")
        page.reload()
        assert banner_shown(page)
        assert "Results are in" in page.locator(".top-banner").inner_text()

    def test_without_javascript(self, live_server, new_page, site):
        announce("Polls have closed")
        page = new_page(javascript=False)
        page.goto(live_server.url + "/tags/climate/?page=1")
        page.get_by_role("button", name="Close announcement").click()
        page.wait_for_load_state()
        assert page.url == live_server.url + "/tags/climate/?page=1"
        assert not banner_shown(page)
        page.goto(live_server.url + "/")
        assert not banner_shown(page)

        announce("Results are in", style="notice")
        page.reload()
        assert "Results are in" in page.locator(".top-banner").inner_text()


class TestCloseKeepsTheMastheadInView:
    """Closing the banner must not scroll: readers lost the masthead (150-190 px)."""

    @pytest.mark.parametrize("width", [1280, 375])
    def test_by_mouse_and_by_keyboard(self, live_server, new_page, site, width):
        announce("Polls have closed")
        for by_keyboard in (False, True):
            page = new_page(width=width, height=700)
            page.goto(live_server.url + site.get_absolute_url())
            close = page.get_by_role("button", name="Close announcement")
            if by_keyboard:
                close.focus()
                page.keyboard.press("Enter")
            else:
                close.click()
            assert page.locator(".top-banner").is_hidden()
            assert page.evaluate("window.scrollY") == 0, (width, by_keyboard)
            masthead = page.locator(".masthead").bounding_box()
            assert masthead is not None
            assert masthead["y"] >= 0
            assert page.evaluate("document.activeElement.id") == "main"


class TestKeyboardOnly:
    def test_skip_link_then_close_then_search(self, live_server, new_page, site):
        announce("Storm warning for the coast")
        page = new_page()
        page.goto(live_server.url + "/")

        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
        assert page.locator(".skip-link").is_visible(), "the focused skip link is on screen"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"

        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == ("Close announcement")
        page.keyboard.press("Enter")
        assert page.locator(".top-banner").is_hidden()
        assert page.evaluate("document.activeElement.id") == "main", "focus is not lost"

        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")  # skip link
        page.keyboard.press("Tab")  # site name
        page.keyboard.press("Tab")  # search box
        assert page.evaluate("document.activeElement.id") == "masthead-q"
        page.keyboard.type("glaciers")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=glaciers")
        assert page.locator("h1").inner_text() == "Search results for glaciers"
        assert page.get_by_role("link", name=site.headline).count() == 1


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def axe_script() -> Path:
    if not AXE.exists():
        message = f"{AXE} is missing: run make install (npm ci)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def test_no_serious_accessibility_violations(live_server, new_page, site, axe_script):
    announce("Polls have closed")
    pages = {
        "front page": "/",
        "article": site.get_absolute_url(),
        "tag page": "/tags/climate/",
        "search results": "/search/?q=harbour",
        "404 page": "/no/such/page/",
    }
    page = new_page()
    found = {}
    for name, url in pages.items():
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            found[name] = [
                {"rule": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"]]}
                for v in violations
            ]
    assert not found, json.dumps(found, indent=2)


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_screenshots_of_the_reader_site(live_server, new_page, site, artifacts, width):
    announce("Polls have closed: results from 10pm")
    page = new_page(width=width)
    for name, path in [
        ("front", "/"),
        ("article", site.get_absolute_url()),
        ("search", "/search/?q=harbour"),
        ("404", "/no/such/page/"),
    ]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{name} page scrolls sideways at {width}px"
        )
        page.screenshot(path=artifacts / f"reader-{name}-{width}.png", full_page=True)
