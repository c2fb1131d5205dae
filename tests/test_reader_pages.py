"""The reader's site: front page layout, sections, archives, related stories."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles.models import Article

from .admin_forms import ADD_URL, article_form
from .factories import ArticleFactory, AuthorFactory, TagFactory
from .html import page, visible_text

pytestmark = pytest.mark.django_db


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def headlines(elements) -> list[str]:
    return [element.get_text(strip=True) for element in elements]


class TestFrontPageLayout:
    @pytest.fixture
    def stories(self):
        return [
            ArticleFactory(headline=f"Story {i}", published_at=hours_ago(i + 1)) for i in range(12)
        ]

    def test_newest_is_the_lead_then_top_stories_then_latest(self, client, stories):
        soup = page(client.get("/"))
        assert headlines(soup.select(".front-lead .summary__headline")) == ["Story 0"]
        assert headlines(soup.select(".story-list--top .summary__headline")) == [
            "Story 1",
            "Story 2",
            "Story 3",
            "Story 4",
        ]
        assert headlines(soup.select(".latest .summary__headline")) == [
            f"Story {i}" for i in range(5, 12)
        ]

    def test_the_lead_shows_standfirst_and_byline_and_latest_is_compact(self, client):
        ArticleFactory(standfirst="The lead's summary.", authors=[AuthorFactory(name="Ana Diaz")])
        for i in range(6):
            ArticleFactory(standfirst="A compact one.", published_at=hours_ago(2 + i))
        soup = page(client.get("/"))
        lead = soup.select_one(".front-lead")
        assert "The lead's summary." in visible_text(lead)
        assert "By Ana Diaz" in visible_text(lead)
        assert "A compact one." not in visible_text(soup.select_one(".latest"))

    def test_editors_pin_the_lead_and_order_top_stories(self, client, stories):
        stories[9].front_page_position = 1
        stories[9].save()
        stories[7].front_page_position = 3
        stories[7].save()
        stories[11].front_page_position = 2
        stories[11].save()
        soup = page(client.get("/"))
        assert headlines(soup.select(".front-lead .summary__headline")) == ["Story 9"]
        assert headlines(soup.select(".story-list--top .summary__headline")) == [
            "Story 11",
            "Story 7",
            "Story 0",
            "Story 1",
        ]
        latest = headlines(soup.select(".latest .summary__headline"))
        assert "Story 9" not in latest
        assert "Story 0" not in latest

    def test_a_pinned_story_that_is_not_published_is_never_shown(self, client, stories):
        ArticleFactory(headline="Pinned draft", status=Article.Status.DRAFT, front_page_position=1)
        ArticleFactory(
            headline="Pinned for tomorrow", published_at=hours_ago(-24), front_page_position=2
        )
        soup = page(client.get("/"))
        assert headlines(soup.select(".front-lead .summary__headline")) == ["Story 0"]
        assert "Pinned" not in soup.get_text()

    def test_blocks_for_the_most_active_tags(self, client):
        busy, busier, quiet = (
            TagFactory(name="Busy"),
            TagFactory(name="Busier"),
            TagFactory(name="Quiet"),
        )
        old = TagFactory(name="Old news")
        for i in range(3):
            ArticleFactory(headline=f"Busy {i}", tags=[busy], published_at=hours_ago(i + 1))
        for i in range(5):
            ArticleFactory(headline=f"Busier {i}", tags=[busier], published_at=hours_ago(i + 1))
        ArticleFactory(headline="Quiet 0", tags=[quiet])
        for i in range(9):
            ArticleFactory(tags=[old], published_at=hours_ago(24 * 60 + i))
        ArticleFactory(tags=[quiet], status=Article.Status.DRAFT)

        soup = page(client.get("/"))
        blocks = soup.select(".tag-block")
        assert headlines(block.select_one("h2") for block in blocks) == ["Busier", "Busy", "Quiet"]
        assert headlines(blocks[0].select(".tag-block__item")) == [
            "Busier 0",
            "Busier 1",
            "Busier 2",
        ]
        assert blocks[0].select_one("h2 a")["href"] == busier.get_absolute_url()

    def test_section_navigation_is_the_editors_choice_in_their_order(self, client):
        TagFactory(name="World", slug="world", in_navigation=True, navigation_order=2)
        TagFactory(name="Politics", slug="politics", in_navigation=True, navigation_order=1)
        TagFactory(name="Hidden", in_navigation=False)
        nav = page(client.get("/")).select_one("header nav[aria-label=Sections]")
        assert headlines(nav.select("a")) == ["Politics", "World"]
        assert nav.select_one("a")["href"] == "/tags/politics/"

    def test_links_to_the_archive(self, client, time_machine):
        time_machine.move_to(datetime(2026, 11, 27, 12, tzinfo=UTC))
        link = page(client.get("/")).select_one(".archive-link a")
        assert link["href"] == "/2026/"


class TestDateArchives:
    @pytest.fixture
    def calendar(self):
        ArticleFactory(headline="New year", published_at=datetime(2025, 1, 1, 9, tzinfo=UTC))
        ArticleFactory(headline="Mid March", published_at=datetime(2025, 3, 15, 9, tzinfo=UTC))
        ArticleFactory(headline="Also 15 March", published_at=datetime(2025, 3, 15, 18, tzinfo=UTC))
        ArticleFactory(headline="Next year", published_at=datetime(2026, 3, 15, 9, tzinfo=UTC))
        ArticleFactory(
            headline="Draft in March",
            status=Article.Status.DRAFT,
            published_at=datetime(2025, 3, 15, 9, tzinfo=UTC),
        )

    @pytest.mark.parametrize(
        ("url", "title", "expected"),
        [
            ("/2025/", "2025", ["Also 15 March", "Mid March", "New year"]),
            ("/2025/03/", "March 2025", ["Also 15 March", "Mid March"]),
            ("/2025/03/15/", "March 15, 2025", ["Also 15 March", "Mid March"]),
            ("/2025/03/16/", "March 16, 2025", []),
        ],
    )
    def test_year_month_and_day(self, client, calendar, url, title, expected):
        soup = page(client.get(url))
        assert soup.select_one("h1").get_text() == title
        assert headlines(soup.select(".summary__headline")) == expected

    def test_year_page_links_its_months(self, client, calendar):
        links = [a["href"] for a in page(client.get("/2025/")).select(".archive-months a")]
        assert links == ["/2025/01/", "/2025/03/"]

    def test_archive_days_are_the_newsrooms(self, client, settings):
        settings.TIME_ZONE = "Asia/Tokyo"
        ArticleFactory(headline="Late UTC", published_at=datetime(2025, 5, 1, 20, tzinfo=UTC))
        assert headlines(page(client.get("/2025/05/02/")).select(".summary__headline")) == [
            "Late UTC"
        ]

    @pytest.mark.parametrize(
        "url", ["/2025/13/", "/2025/00/", "/2025/02/30/", "/0000/", "/2025/1/"]
    )
    def test_impossible_dates_are_404(self, client, url):
        assert client.get(url).status_code == 404

    def test_the_article_url_still_wins_over_the_day_archive(self, client):
        story = ArticleFactory(slug="the-story", published_at=datetime(2025, 3, 15, 9, tzinfo=UTC))
        soup = page(client.get("/2025/03/15/the-story/"))
        assert soup.select_one("h1").get_text() == story.headline


class TestPaginationEdges:
    @pytest.fixture
    def many(self):
        tag = TagFactory(slug="climate")
        start = datetime(2025, 3, 1, 12, tzinfo=UTC)
        for i in range(41):
            ArticleFactory(
                headline=f"Story {i:02d}", published_at=start + timedelta(hours=i), tags=[tag]
            )

    @pytest.mark.parametrize("url", ["/2025/", "/2025/03/", "/tags/climate/"])
    def test_twenty_a_page_with_rel_links_in_the_head_and_the_body(self, client, many, url):
        first = page(client.get(url))
        assert len(first.select(".summary")) == 20
        assert first.select_one("head link[rel=next]")["href"] == "?page=2"
        assert first.select_one("head link[rel=prev]") is None

        middle = page(client.get(url, {"page": 2}))
        assert middle.select_one("head link[rel=prev]")["href"] == "?page=1"
        assert middle.select_one("head link[rel=next]")["href"] == "?page=3"
        assert middle.select_one("a[rel=next]")["href"] == "?page=3"

        last = page(client.get(url, {"page": 3}))
        assert len(last.select(".summary")) == 1
        assert last.select_one("head link[rel=next]") is None

    @pytest.mark.parametrize("bad", ["4", "0", "-1", "two", "1e3", "", "%00"])
    @pytest.mark.parametrize("url", ["/2025/", "/2025/03/", "/2025/03/01/", "/tags/climate/", "/"])
    def test_past_the_end_and_non_numbers_are_404(self, client, many, url, bad):
        assert client.get(url, {"page": bad}).status_code == 404


class TestArticleExtras:
    def test_authors_bios_link_to_their_pages(self, client):
        ana = AuthorFactory(name="Ana Diaz", slug="ana-diaz", bio="Ana covers energy.")
        sam = AuthorFactory(name="Sam Lee", slug="sam-lee", bio="")
        story = ArticleFactory(authors=[ana, (sam, "photographs")])
        bios = page(client.get(story.get_absolute_url())).select(".author-bio")
        assert [bio.select_one("a")["href"] for bio in bios] == [
            "/authors/ana-diaz/",
            "/authors/sam-lee/",
        ]
        assert "Ana covers energy." in visible_text(bios[0])
        assert "(photographs)" in visible_text(bios[1])

    def test_related_stories_share_a_tag_newest_first_at_most_five(self, client):
        climate, energy, sport = TagFactory(), TagFactory(), TagFactory()
        story = ArticleFactory(headline="The story", tags=[climate, energy])
        for i in range(6):
            ArticleFactory(
                headline=f"Related {i}", tags=[climate, energy], published_at=hours_ago(2 + i)
            )
        ArticleFactory(headline="Other topic", tags=[sport])
        ArticleFactory(headline="Related draft", tags=[climate], status=Article.Status.DRAFT)
        ArticleFactory(headline="Related scheduled", tags=[energy], published_at=hours_ago(-5))

        related = page(client.get(story.get_absolute_url())).select(".related a")
        assert headlines(related) == [f"Related {i}" for i in range(5)]

    def test_no_related_section_without_tags(self, client):
        story = ArticleFactory()
        ArticleFactory()
        assert page(client.get(story.get_absolute_url())).select_one(".related") is None


class TestEditorsArrangeTheFrontPage:
    def test_pinning_the_lead_from_the_admin(self, client, editor_client):
        ArticleFactory(headline="Newest story", published_at=hours_ago(0.5))
        response = editor_client.post(
            ADD_URL,
            article_form(
                headline="The big investigation",
                slug="the-big-investigation",
                published_at_0=hours_ago(48).strftime("%Y-%m-%d"),
                published_at_1="09:00:00",
                front_page_position="1",
            ),
        )
        assert response.status_code == 302, response.content
        soup = page(client.get("/"))
        assert headlines(soup.select(".front-lead .summary__headline")) == ["The big investigation"]

    def test_the_sections_are_chosen_in_the_tag_list(self, client, editor_client):
        tag = TagFactory(name="World")
        response = editor_client.post(
            "/admin/articles/tag/",
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-MIN_NUM_FORMS": "0",
                "form-MAX_NUM_FORMS": "1000",
                "form-0-id": str(tag.pk),
                "form-0-in_navigation": "on",
                "form-0-navigation_order": "1",
                "_save": "Save",
            },
        )
        assert response.status_code == 302, response.content
        nav = page(client.get("/")).select_one("nav[aria-label=Sections]")
        assert headlines(nav.select("a")) == ["World"]


class TestErrorPages:
    def test_not_found_is_styled_and_offers_search(self, client):
        response = client.get("/no/such/page/")
        assert response.status_code == 404
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("h1").get_text() == "Page not found"
        assert soup.select_one("main form[role=search] input[name=q]") is not None
        assert soup.select_one("a.skip-link")["href"] == "#main"

    def test_server_error_page_needs_no_database(self, rf, django_assert_num_queries):
        from django.views.defaults import server_error

        with django_assert_num_queries(0):
            response = server_error(rf.get("/"))
        assert response.status_code == 500
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("h1").get_text() == "Something went wrong"
        assert soup.select_one("link[rel=stylesheet]")["href"].endswith("site.css")
        assert soup.select_one("main a")["href"] == "/"
