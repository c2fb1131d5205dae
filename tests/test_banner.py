from datetime import UTC, datetime

import pytest

from .html import page

pytestmark = pytest.mark.django_db


def banner_date(client) -> str:
    return page(client.get("/")).select_one(".top-banner time").get_text()


class TestBannerDate:
    def test_shows_today_in_the_long_format(self, client, time_machine):
        time_machine.move_to(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
        assert banner_date(client) == "Friday November 27, 2026"

    def test_today_is_the_newsrooms_day_not_utcs(self, client, settings, time_machine):
        # 02:00 UTC on the 25th is still the evening of the 24th in Los Angeles...
        time_machine.move_to(datetime(2024, 4, 25, 2, 0, tzinfo=UTC))
        settings.TIME_ZONE = "America/Los_Angeles"
        assert banner_date(client) == "Wednesday April 24, 2024"
        # ...and already the morning of the 25th in Tokyo.
        settings.TIME_ZONE = "Asia/Tokyo"
        assert banner_date(client) == "Thursday April 25, 2024"

    def test_date_carries_a_machine_readable_datetime(self, client, time_machine):
        time_machine.move_to(datetime(2024, 4, 24, 12, 0, tzinfo=UTC))
        time = page(client.get("/")).select_one(".top-banner time")
        assert time["datetime"] == "2024-04-24"


class TestCloseWithoutJavaScript:
    def test_each_page_s_close_form_returns_to_that_page(self, client, settings):
        """The banner is rendered once for every reader and page; its return
        address is each page's own, escaped."""
        settings.NEWSROOM_PAGE_CACHE = False
        for address in ("/", "/search/?q=a%26b", "/corrections/"):
            banner = page(client.get(address)).select_one(".top-banner")
            assert banner.select_one("input[name=next]")["value"] == address

    def test_close_comes_before_the_date(self, client):
        banner = page(client.get("/")).select_one(".top-banner")
        button = banner.select_one("form button")
        assert button.get_text().startswith("Close")
        assert banner.decode().index("Close") < banner.decode().index("<time")

    def test_posting_close_sets_a_cookie_and_returns_to_the_page(self, client):
        response = client.post("/banner/close/", {"next": "/tags/climate/?page=2"})
        assert response.status_code == 302
        assert response["Location"] == "/tags/climate/?page=2"
        # With no announcement up, Close hides the date-only banner.
        assert response.cookies["banner_closed"].value == "date"

    def test_a_closed_banner_stays_closed(self, client):
        client.post("/banner/close/", {"next": "/"})
        assert page(client.get("/")).select_one(".top-banner") is None

    @pytest.mark.parametrize(
        "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
    )
    def test_never_redirects_off_site(self, client, next_url):
        response = client.post("/banner/close/", {"next": next_url})
        assert response["Location"] == "/"

    def test_get_is_not_allowed(self, client):
        assert client.get("/banner/close/").status_code == 405
