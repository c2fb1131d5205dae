from datetime import UTC, datetime

import pytest

from ..factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    climate = TagFactory(name="Climate", slug="climate")
    ArticleFactory(headline="A second story for the front page", tags=[climate])
    return ArticleFactory(
        headline="Syria talks in Astana meant to \u2018consolidate\u2019 ceasefire",
        slug="syria-talks",
        standfirst="Talks next week aim to shore up the truce.",
        byline="By our correspondents",
        dateline=DatelineFactory(name="Moscow"),
        body="<p>Syria peace talks in the Kazakh capital next week are aimed at "
        "consolidating the frail truce in the war-torn country.</p>"
        "<p>\u201cOne of the objectives of the meeting is first of all to consolidate "
        "the ceasefire,\u201d the minister said.</p>",
        published_at=datetime(2017, 1, 18, 10, 0, tzinfo=UTC),
        authors=[AuthorFactory(name="Ana Diaz")],
        tags=[climate],
    )


class TestCloseBanner:
    def test_close_hides_the_banner_at_once_and_for_later_pages(self, live_server, new_page, story):
        page = new_page()
        page.goto(live_server.url + story.get_absolute_url())
        banner = page.locator(".top-banner")
        assert banner.is_visible()

        page.get_by_role("button", name="Close").click()
        assert banner.is_hidden()
        assert page.url.endswith(story.get_absolute_url()), "no page load with JavaScript"

        page.reload()
        assert page.locator(".top-banner").count() == 0
        page.goto(live_server.url + "/")
        assert page.locator(".top-banner").count() == 0

    def test_without_javascript_the_form_posts_and_returns(self, live_server, new_page, story):
        page = new_page(javascript=False)
        page.goto(live_server.url + story.get_absolute_url())
        page.get_by_role("button", name="Close").click()
        page.wait_for_load_state()

        assert page.url == live_server.url + story.get_absolute_url()
        assert page.locator(".top-banner").count() == 0
        page.goto(live_server.url + "/tags/climate/")
        assert page.locator(".top-banner").count() == 0

    def test_close_works_from_the_keyboard(self, live_server, new_page, story):
        page = new_page()
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")  # the skip link comes first
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.locator(".top-banner").is_hidden()


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_front_and_article(live_server, new_page, story, artifacts, width):
    page = new_page(width=width)
    for name, path in [("front", "/"), ("article", story.get_absolute_url())]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{name} page scrolls sideways at {width}px"
        )
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
