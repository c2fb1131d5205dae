"""RSS and Atom feeds, as feed readers parse them."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory
from .html import page

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/rss/", "/feeds/atom/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, f"{url}: {feed.get('bozo_exception')}"
    return response, feed


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Ferry service resumes",
        standfirst="Boats sail again after the storm & the swell.",
        body='<p>The first ferry left at six.</p><p>More <a href="https://x.example/">here</a>.</p>',
        published_at=datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC),
        dateline=DatelineFactory(name="Bergen"),
        authors=[AuthorFactory(name="Ana Diaz", slug="ana"), AuthorFactory(name="Sam Lee")],
        tags=[TagFactory(name="Transport", slug="transport"), TagFactory(name="Weather")],
    )


@pytest.mark.parametrize("url", FEEDS)
def test_an_entry_carries_the_whole_story(client, story, url):
    response, feed = parse(client, url)

    assert response["Content-Type"].split(";")[0] in {
        "application/rss+xml",
        "application/atom+xml",
    }
    entry = feed.entries[0]
    assert entry.title == "Ferry service resumes"
    assert entry.link == f"http://testserver{story.get_absolute_url()}"
    assert entry.id == f"urn:uuid:{story.public_id}"
    assert entry.summary == "Boats sail again after the storm &amp; the swell."
    content = entry.content[0].value
    assert '<span class="dateline">BERGEN:</span> The first ferry left at six.' in content
    assert '<a href="https://x.example/" rel="noopener noreferrer">here</a>' in content
    assert [author.name for author in entry.authors] == ["Ana Diaz", "Sam Lee"]
    assert entry.published_parsed[:6] == (2024, 3, 4, 5, 6, 7)
    assert [tag.term for tag in entry.tags] == ["Transport", "Weather"]


def test_atom_entries_say_when_they_were_updated(client, story):
    _, feed = parse(client, "/feeds/atom/")
    updated = datetime(*feed.entries[0].updated_parsed[:6], tzinfo=UTC)
    assert updated == story.updated_at.replace(microsecond=0)


@pytest.mark.parametrize("url", FEEDS)
def test_a_free_text_byline_is_the_author(client, url):
    ArticleFactory(byline="By our correspondents", authors=[AuthorFactory()])
    _, feed = parse(client, url)
    assert [author.name for author in feed.entries[0].authors] == ["By our correspondents"]


@pytest.mark.parametrize("url", FEEDS)
def test_only_published_stories_newest_first_and_scheduled_ones_from_their_time(
    client, url, time_machine
):
    now = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    ArticleFactory(headline="Older", published_at=now - timedelta(hours=2))
    ArticleFactory(headline="Newer", published_at=now - timedelta(hours=1))
    ArticleFactory(headline="Draft", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(headline="Withdrawn", status=Article.Status.WITHDRAWN)
    ArticleFactory(headline="Scheduled", published_at=now + timedelta(hours=1))

    assert [e.title for e in parse(client, url)[1].entries] == ["Newer", "Older"]
    time_machine.move_to(now + timedelta(hours=1), tick=False)
    assert [e.title for e in parse(client, url)[1].entries] == ["Scheduled", "Newer", "Older"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_and_author_feeds_hold_only_their_stories(client, story, kind):
    ArticleFactory(headline="Unrelated")
    _, tag_feed = parse(client, f"/tags/transport/{kind}/")
    _, author_feed = parse(client, f"/authors/ana/{kind}/")

    assert [e.title for e in tag_feed.entries] == ["Ferry service resumes"]
    assert [e.title for e in author_feed.entries] == ["Ferry service resumes"]
    assert tag_feed.feed.title == "Transport | The Newsroom Chronicle"
    assert author_feed.feed.title == "Ana Diaz | The Newsroom Chronicle"


def test_an_unknown_tag_or_author_feed_is_404(client):
    assert client.get("/tags/nothing/rss/").status_code == 404
    assert client.get("/authors/nobody/atom/").status_code == 404


def test_the_feed_is_limited_and_cacheable(client):
    now = timezone.now()
    for minutes in range(25):
        ArticleFactory(published_at=now - timedelta(minutes=minutes + 1))
    response, feed = parse(client, "/feeds/rss/")
    assert len(feed.entries) == 20
    assert response.has_header("Last-Modified")


class TestAdvertisedOnPages:
    def alternates(self, client, url) -> dict[str, str]:
        soup = page(client.get(url))
        return {link["href"]: link["type"] for link in soup.select('head link[rel="alternate"]')}

    @pytest.mark.parametrize("where", ["front", "article", "tag", "author", "dateline"])
    def test_the_site_feeds_are_on_every_page(self, client, story, where):
        url = {
            "front": "/",
            "article": story.get_absolute_url(),
            "tag": "/tags/transport/",
            "author": "/authors/ana/",
            "dateline": story.dateline.get_absolute_url(),
        }[where]
        links = self.alternates(client, url)
        assert links["/feeds/rss/"] == "application/rss+xml"
        assert links["/feeds/atom/"] == "application/atom+xml"

    def test_a_tag_page_offers_its_own_feeds(self, client, story):
        links = self.alternates(client, "/tags/transport/")
        assert links["/tags/transport/rss/"] == "application/rss+xml"
        assert links["/tags/transport/atom/"] == "application/atom+xml"
        assert client.get("/tags/transport/rss/").status_code == 200

    def test_an_author_page_offers_their_own_feeds(self, client, story):
        links = self.alternates(client, "/authors/ana/")
        assert set(links) == {
            "/feeds/rss/",
            "/feeds/atom/",
            "/authors/ana/rss/",
            "/authors/ana/atom/",
        }
