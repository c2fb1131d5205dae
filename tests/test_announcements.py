"""The top banner's announcement and its Close cookie (the date under caching: test_page_cache)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.roles import EDITORS, REPORTERS
from banners.models import Announcement

from .factories import ArticleFactory
from .html import banner, page, visible_text

pytestmark = pytest.mark.django_db


def announce(message="Polls close at 10pm", **fields) -> Announcement:
    fields.setdefault("starts_at", timezone.now() - timedelta(minutes=5))
    return Announcement.objects.create(message=message, **fields)


class TestWhichAnnouncementShows:
    def test_the_one_that_started_last_wins(self, client):
        now = timezone.now()
        announce("Older news", starts_at=now - timedelta(hours=2))
        announce("Newer news", starts_at=now - timedelta(hours=1))
        assert "Newer news" in visible_text(banner(client))

    @pytest.mark.parametrize(
        "fields",
        [
            {"is_active": False},
            {"starts_at": datetime(2999, 1, 1, tzinfo=UTC)},
            {"ends_at": datetime(2000, 1, 1, tzinfo=UTC)},
        ],
        ids=["switched-off", "not-started", "ended"],
    )
    def test_switched_off_future_and_ended_ones_never_show(self, client, fields):
        announce("Should not show", **fields)
        assert "Should not show" not in visible_text(banner(client))

    def test_it_goes_up_and_down_on_time(self, client, time_machine):
        start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
        announce("Storm warning", starts_at=start, ends_at=start + timedelta(hours=1))
        time_machine.move_to(start - timedelta(minutes=1))
        assert "Storm warning" not in visible_text(banner(client))
        time_machine.move_to(start + timedelta(minutes=1))
        assert "Storm warning" in visible_text(banner(client))
        time_machine.move_to(start + timedelta(hours=1, minutes=1))
        assert "Storm warning" not in visible_text(banner(client))


class TestAnnouncementMarkup:
    def test_breaking_news_is_a_labelled_region_with_a_status_message(self, client):
        announce("Earthquake hits the coast", style="breaking", link="https://example.org/q")
        region = banner(client)
        assert region.name == "section"
        assert region["aria-label"] == "Breaking news"
        message = region.select_one("[role=status]")
        assert "Earthquake hits the coast" in message.get_text()
        assert message.select_one("a")["href"] == "https://example.org/q"

    def test_a_notice_is_not_a_live_region(self, client):
        announce("Print edition delayed", style="notice")
        region = banner(client)
        assert region["aria-label"] == "Notice"
        assert region.select_one("[role=status]") is None
        assert "Print edition delayed" in visible_text(region)

    def test_message_is_escaped(self, client):
        announce("<script>alert(1)</script>")
        response = client.get("/")
        assert b"<script>alert(1)</script>" not in response.content
        assert b"&lt;script&gt;" in response.content

    def test_close_comes_first_then_the_date(self, client):
        announce()
        region = banner(client)
        html = region.decode()
        assert html.index("Close") < html.index("<time") < html.index("Polls close")


class TestCloseIsKeyedToTheAnnouncement:
    def test_closed_stays_closed_on_every_page_until_a_new_one_is_published(self, client):
        first = announce("First announcement")
        ArticleFactory(slug="story")
        response = client.post("/banner/close/", {"next": "/", "key": first.banner_key})
        assert response.cookies["banner_closed"].value == first.banner_key

        assert page(client.get("/")).select_one(".top-banner") is None
        assert page(client.get("/search/?q=x")).select_one(".top-banner") is None

        announce("Second announcement")
        assert "Second announcement" in visible_text(banner(client))

    def test_closing_one_reader_does_not_close_it_for_another(self, client, django_user_model):
        from django.test import Client

        announce()
        client.get("/")  # cached for open banners
        client.post("/banner/close/", {"next": "/"})
        assert page(client.get("/")).select_one(".top-banner") is None
        assert banner(Client()) is not None

    def test_a_forged_key_falls_back_to_what_is_showing(self, client):
        current = announce()
        response = client.post("/banner/close/", {"next": "/", "key": "x; Path=/evil"})
        assert response.cookies["banner_closed"].value == current.banner_key


class TestEditorsManageAnnouncements:
    def test_editors_have_the_permissions_and_reporters_do_not(self):
        editors = Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
        reporters = Group.objects.get(name=REPORTERS).permissions.values_list("codename", flat=True)
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_announcement" in editors
            assert f"{action}_announcement" not in reporters

    def test_an_editor_publishes_one_from_the_admin_and_readers_see_it(self, client, editor_client):
        now = timezone.localtime()
        response = editor_client.post(
            "/admin/banners/announcement/add/",
            {
                "message": "Live: election results",
                "link": "",
                "style": "breaking",
                "starts_at_0": now.strftime("%Y-%m-%d"),
                "starts_at_1": (now - timedelta(minutes=1)).strftime("%H:%M:%S"),
                "ends_at_0": "",
                "ends_at_1": "",
                "is_active": "on",
            },
        )
        assert response.status_code == 302, response.content
        assert "Live: election results" in visible_text(banner(client))

    def test_the_admin_list_marks_the_one_showing(self, editor_client):
        announce("Old", starts_at=timezone.now() - timedelta(days=1))
        announce("New")
        soup = page(editor_client.get("/admin/banners/announcement/"))
        rows = {
            row.select_one("th").get_text(): row.select_one("td.field-is_showing img")["alt"]
            for row in soup.select("#result_list tbody tr")
        }
        assert rows == {"New": "True", "Old": "False"}


def test_an_end_before_the_start_is_explained(editor_client):
    response = editor_client.post(
        "/admin/banners/announcement/add/",
        {
            "message": "Backwards",
            "style": "notice",
            "starts_at_0": "2026-11-27",
            "starts_at_1": "10:00:00",
            "ends_at_0": "2026-11-27",
            "ends_at_1": "09:00:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "The end must come after the start." in response.content.decode()
    assert 'value="Backwards"' in response.content.decode()
    assert not Announcement.objects.exists()
