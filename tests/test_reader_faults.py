"""Faults a new reader found on the public site, each pinned by a test.

Body pictures in feeds and ninjs must work outside the site, machine-readable
times must be valid HTML, every browser's ``/favicon.ico`` must exist, the
dateline feeds the README promises must answer, search must find a story by
its place and its people, and the date archives must be navigable.
"""

import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from .factories import ArticleFactory, AuthorFactory, DatelineFactory
from .html import page

pytestmark = pytest.mark.django_db

PICTURE_BODY = (
    '<p>Before.</p><figure><img src="/media/images/2026/harbour.jpg" alt="The harbour">'
    '</figure><p>See <a href="/2026/01/02/earlier/">the earlier story</a>.</p>'
)


@pytest.fixture
def pictured(settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.org"
    return ArticleFactory(headline="Harbour reopens", body=PICTURE_BODY)


class TestAbsoluteAddressesInBodies:
    def test_rss_body_pictures_and_links_are_absolute(self, client, pictured):
        entry = feedparser.parse(client.get("/feeds/rss/").content).entries[0]
        body = entry.content[0].value
        assert 'src="https://news.example.org/media/images/2026/harbour.jpg"' in body
        assert 'href="https://news.example.org/2026/01/02/earlier/"' in body
        assert 'src="/media' not in body

    def test_atom_body_pictures_are_absolute(self, client, pictured):
        entry = feedparser.parse(client.get("/feeds/atom/").content).entries[0]
        assert 'src="https://news.example.org/media/images/2026/harbour.jpg"' in (
            entry.content[0].value
        )

    def test_ninjs_body_pictures_are_absolute(self, client, pictured):
        item = client.get(f"/api/ninjs/articles/{pictured.public_id}/").json()
        html = next(body["value"] for body in item["bodies"] if body["contentType"] == "text/html")
        assert 'src="https://news.example.org/media/images/2026/harbour.jpg"' in html
        assert 'src="/media' not in html

    def test_the_page_itself_keeps_short_addresses(self, client, pictured):
        html = client.get(pictured.get_absolute_url()).content.decode()
        assert 'src="/media/images/2026/harbour.jpg"' in html


# The HTML standard's "valid global date and time string": at most three
# digits of a second's fraction.
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$"
)


def test_every_datetime_attribute_is_valid_html(client):
    author = AuthorFactory(name="Ana Diaz", slug="ana-diaz")
    moment = datetime(2026, 11, 30, 20, 14, 40, 401566, tzinfo=UTC)
    story = ArticleFactory(published_at=moment, authors=[author])
    story.revised_at = moment + timedelta(minutes=5, microseconds=3)
    story.save()
    for address in ["/", story.get_absolute_url(), "/authors/ana-diaz/", "/2026/11/"]:
        times = page(client.get(address)).select("time[datetime]")
        assert times, address
        for element in times:
            assert VALID_DATETIME.match(element["datetime"]), (address, element["datetime"])


def test_favicon_ico_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert "max-age" in response["Cache-Control"]


def test_pages_name_their_icon(client):
    ArticleFactory()
    icon = page(client.get("/")).select_one('link[rel="icon"]')
    assert icon is not None
    assert icon["href"].endswith(".png")


class TestDatelineFeeds:
    def test_rss_and_atom_list_the_datelines_stories(self, client):
        oslo = DatelineFactory(name="Oslo", slug="oslo")
        ArticleFactory(headline="Fjord ferry strike", dateline=oslo)
        ArticleFactory(headline="Elsewhere entirely")
        for kind in ("rss", "atom"):
            response = client.get(f"/datelines/oslo/{kind}/")
            assert response.status_code == 200, kind
            feed = feedparser.parse(response.content)
            assert [entry.title for entry in feed.entries] == ["Fjord ferry strike"]
            assert "Oslo" in feed.feed.title

    def test_an_unknown_dateline_is_a_404(self, client):
        assert client.get("/datelines/atlantis/rss/").status_code == 404

    def test_the_dateline_page_links_its_feed(self, client):
        oslo = DatelineFactory(name="Oslo", slug="oslo")
        ArticleFactory(dateline=oslo)
        links = page(client.get("/datelines/oslo/")).select('link[rel="alternate"]')
        assert "/datelines/oslo/rss/" in [link["href"] for link in links]


class TestSearchFindsPlacesAndPeople:
    def test_by_the_datelines_place(self, client):
        ArticleFactory(headline="Ferry strike ends", dateline=DatelineFactory(name="Tromsø"))
        ArticleFactory(headline="Something else")
        found = page(client.get("/search/", {"q": "Tromsø"})).select(".summary__headline")
        assert [h.get_text(strip=True) for h in found] == ["Ferry strike ends"]

    def test_by_an_authors_name(self, client):
        ArticleFactory(headline="Budget talks stall", authors=[AuthorFactory(name="Ingrid Vold")])
        ArticleFactory(headline="Something else")
        found = page(client.get("/search/", {"q": "Vold"})).select(".summary__headline")
        assert [h.get_text(strip=True) for h in found] == ["Budget talks stall"]

    def test_a_plural_finds_the_singular(self, client):
        ArticleFactory(headline="The town library reopens")
        found = page(client.get("/search/", {"q": "libraries"})).select(".summary__headline")
        assert [h.get_text(strip=True) for h in found] == ["The town library reopens"]


class TestArchiveNavigation:
    @pytest.fixture
    def stories(self, settings):
        settings.NEWSROOM_TIME_ZONE = "UTC"

        def on(*args):
            return ArticleFactory(published_at=datetime(*args, 12, tzinfo=UTC))

        return [on(2025, 9, 30), on(2025, 10, 3), on(2025, 10, 17), on(2025, 12, 1)]

    def links(self, client, address) -> dict[str, str]:
        nav = page(client.get(address)).select_one("nav.archive-nav")
        assert nav is not None, address
        return {a.get_text(" ", strip=True): a["href"] for a in nav.select("a")}

    def test_a_month_links_its_days_its_neighbours_and_its_year(self, client, stories):
        soup = page(client.get("/2025/10/"))
        days = [a["href"] for a in soup.select(".archive-days a")]
        assert days == ["/2025/10/03/", "/2025/10/17/"]
        links = self.links(client, "/2025/10/")
        assert links["Previous: September 2025"] == "/2025/09/"
        # November had no stories: the next month with some is December.
        assert links["Next: December 2025"] == "/2025/12/"
        assert links["All of 2025"] == "/2025/"

    def test_a_day_links_its_neighbours_and_its_month(self, client, stories):
        links = self.links(client, "/2025/10/03/")
        assert links["Previous: September 30, 2025"] == "/2025/09/30/"
        assert links["Next: October 17, 2025"] == "/2025/10/17/"
        assert links["All of October 2025"] == "/2025/10/"

    def test_the_newest_period_has_no_next_link(self, client, stories):
        links = self.links(client, "/2025/12/")
        assert "Previous: October 2025" in links
        assert not any(label.startswith("Next") for label in links)

    def test_a_year_links_its_neighbours(self, client, stories):
        ArticleFactory(published_at=timezone.now() - timedelta(days=800))
        links = self.links(client, "/2025/")
        assert any(label.startswith("Previous: ") for label in links)
