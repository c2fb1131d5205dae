from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory
from .html import assert_in_order, page, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def syria_story():
    return ArticleFactory(
        headline="Syria talks in Astana meant to \u2018consolidate\u2019 ceasefire: Lavrov",
        slug="syria-talks-in-astana",
        standfirst="Talks next week aim to shore up the truce.",
        byline="By our correspondents",
        dateline=DatelineFactory(name="Moscow", slug="moscow"),
        body="<p>Syria peace talks in the Kazakh capital next week are aimed at "
        "consolidating the frail truce.</p><p>\u201cOne of the objectives\u2026\u201d</p>",
        published_at=datetime(2017, 1, 18, 10, 0, tzinfo=UTC),
        tags=[TagFactory(name="Syria", slug="syria"), TagFactory(name="Diplomacy")],
    )


class TestArticlePage:
    def test_reads_in_the_newspapers_order(self, client, syria_story, time_machine):
        time_machine.move_to(datetime(2024, 4, 24, 12, 0, tzinfo=UTC))
        response = client.get("/2017/01/18/syria-talks-in-astana/")
        text = visible_text(page(response).body)

        assert_in_order(
            text,
            [
                "Close",
                "Wednesday April 24, 2024",
                "Syria talks in Astana meant to \u2018consolidate\u2019 ceasefire: Lavrov",
                "By our correspondents",
                "January 18, 2017",
                "MOSCOW: Syria peace talks in the Kazakh capital",
                "Diplomacy",
                "Syria",
            ],
        )

    def test_headline_is_the_only_h1(self, client, syria_story):
        soup = page(client.get(syria_story.get_absolute_url()))
        h1s = soup.find_all("h1")
        assert [h1.get_text() for h1 in h1s] == [syria_story.headline]

    def test_publication_date_is_a_time_element(self, client, syria_story):
        soup = page(client.get(syria_story.get_absolute_url()))
        time = soup.select_one(".story__date time")
        assert time.get_text() == "January 18, 2017"
        assert time["datetime"] == "2017-01-18T10:00:00+00:00"

    def test_the_dateline_is_text_in_the_first_paragraph(self, client, syria_story):
        soup = page(client.get(syria_story.get_absolute_url()))
        first_paragraph = soup.select_one(".story__body p")
        assert first_paragraph.get_text().startswith("MOSCOW: Syria peace talks")

    def test_tags_link_to_their_pages(self, client, syria_story):
        soup = page(client.get(syria_story.get_absolute_url()))
        links = {a.get_text(): a["href"] for a in soup.select(".tag-list a")}
        assert links["Syria"] == "/tags/syria/"

    def test_byline_names_the_authors_in_order_with_links(self, client):
        article = ArticleFactory(
            authors=[
                AuthorFactory(name="Ana Diaz", slug="ana-diaz"),
                AuthorFactory(name="Sam Lee", slug="sam-lee"),
            ]
        )
        soup = page(client.get(article.get_absolute_url()))
        byline = soup.select_one(".story__byline")
        assert visible_text(byline) == "By Ana Diaz and Sam Lee"
        assert [a["href"] for a in byline.find_all("a")] == [
            "/authors/ana-diaz/",
            "/authors/sam-lee/",
        ]

    def test_byline_roles_are_printed_as_newspapers_do(self, client):
        article = ArticleFactory(
            authors=[
                AuthorFactory(name="Ana Diaz"),
                (AuthorFactory(name="Sam Lee"), "additional-reporting"),
                AuthorFactory(name="Lee Chen"),
            ]
        )
        soup = page(client.get(article.get_absolute_url()))
        lines = [visible_text(line) for line in soup.select(".story__byline .byline-line")]
        assert lines == ["By Ana Diaz and Lee Chen", "Additional reporting by Sam Lee"]

    def test_a_story_with_no_byline_has_no_empty_byline_element(self, client):
        article = ArticleFactory(byline="")
        assert page(client.get(article.get_absolute_url())).select_one(".story__byline") is None

    def test_free_text_byline_wins_and_is_escaped(self, client):
        article = ArticleFactory(byline="By <staff> & agencies", authors=[AuthorFactory()])
        response = client.get(article.get_absolute_url())
        assert b"By &lt;staff&gt; &amp; agencies" in response.content
        assert visible_text(page(response).select_one(".story__byline")) == "By <staff> & agencies"

    @pytest.mark.parametrize(
        "hidden",
        [
            {"status": Article.Status.DRAFT},
            {"status": Article.Status.REVIEW},
            {"published_at": timezone.now() + timedelta(days=1)},
        ],
        # A withdrawn story answers 410 Gone: tests/test_stable_urls.py.
        ids=["draft", "review", "scheduled"],
    )
    def test_unpublished_articles_are_404_to_readers(self, client, hidden):
        fields = {"published_at": datetime(2025, 5, 5, 12, 0, tzinfo=UTC), **hidden}
        article = ArticleFactory(slug="secret", **fields)
        date = timezone.localdate(article.published_at)
        response = client.get(f"/{date:%Y/%m/%d}/secret/")
        assert response.status_code == 404
        assert b"Page not found" in response.content

    def test_wrong_day_is_404(self, client, syria_story):
        assert client.get("/2017/01/19/syria-talks-in-astana/").status_code == 404

    @pytest.mark.parametrize(
        "url", ["/2017/02/31/anything/", "/2017/13/01/anything/", "/0000/00/00/anything/"]
    )
    def test_impossible_dates_are_404_not_500(self, client, url):
        assert client.get(url).status_code == 404


class TestFrontPage:
    def test_lists_published_articles_newest_first(self, client):
        now = timezone.now()
        older = ArticleFactory(headline="Older story", published_at=now - timedelta(days=2))
        newer = ArticleFactory(headline="Newer story", published_at=now - timedelta(hours=1))
        ArticleFactory(headline="Draft story", status=Article.Status.DRAFT)
        ArticleFactory(headline="Tomorrow's story", published_at=now + timedelta(days=1))

        soup = page(client.get("/"))
        headlines = [a.get_text() for a in soup.select(".summary__headline a")]
        assert headlines == ["Newer story", "Older story"]
        links = [a["href"] for a in soup.select(".summary__headline a")]
        assert links == [newer.get_absolute_url(), older.get_absolute_url()]

    def test_each_story_shows_standfirst_byline_and_date(self, client):
        ArticleFactory(
            standfirst="Why it matters.",
            authors=[AuthorFactory(name="Ana Diaz")],
            published_at=datetime(2017, 1, 18, 10, 0, tzinfo=UTC),
        )
        summary = page(client.get("/")).select_one(".summary")
        assert summary.select_one(".summary__standfirst").get_text() == "Why it matters."
        assert visible_text(summary.select_one(".byline")) == "By Ana Diaz"
        assert summary.select_one("time").get_text() == "January 18, 2017"

    def test_an_article_published_now_appears_at_once(self, client):
        ArticleFactory(headline="Just in", published_at=None)
        assert b"Just in" in client.get("/").content

    def test_empty_front_page_says_so(self, client):
        assert b"No stories have been published yet." in client.get("/").content


class TestPagination:
    @pytest.fixture
    def many(self):
        now = timezone.now()
        return [
            ArticleFactory(headline=f"Story {i:02d}", published_at=now - timedelta(hours=i))
            for i in range(25)
        ]

    def test_second_page_has_the_rest(self, client, many):
        soup = page(client.get("/?page=2"))
        assert len(soup.select(".summary")) == 5
        assert soup.select_one("a[rel=prev]")["href"] == "?page=1"
        assert soup.select_one("a[rel=next]") is None

    def test_first_page_links_to_the_next(self, client, many):
        soup = page(client.get("/"))
        assert len(soup.select(".summary")) == 20
        assert soup.select_one("a[rel=next]")["href"] == "?page=2"

    @pytest.mark.parametrize("bad", ["3", "0", "-1", "abc", "1.5", "9" * 30])
    def test_bad_page_numbers_are_404(self, client, many, bad):
        assert client.get("/", {"page": bad}).status_code == 404


class TestSectionPages:
    def test_author_page_lists_only_their_published_stories(self, client):
        ana = AuthorFactory(name="Ana Diaz", slug="ana-diaz", bio="Covers cities.")
        ArticleFactory(headline="Ana's story", authors=[ana])
        ArticleFactory(headline="Ana's draft", authors=[ana], status=Article.Status.DRAFT)
        ArticleFactory(headline="Someone else's")
        soup = page(client.get("/authors/ana-diaz/"))
        assert soup.h1.get_text() == "Ana Diaz"
        assert [a.get_text() for a in soup.select(".summary__headline a")] == ["Ana's story"]

    def test_tag_page(self, client):
        tag = TagFactory(name="Climate", slug="climate")
        ArticleFactory(headline="Melt", tags=[tag])
        ArticleFactory(headline="Other")
        soup = page(client.get("/tags/climate/"))
        assert soup.h1.get_text() == "Climate"
        assert [a.get_text() for a in soup.select(".summary__headline a")] == ["Melt"]

    def test_dateline_page(self, client):
        moscow = DatelineFactory(name="Moscow", slug="moscow")
        ArticleFactory(headline="From Moscow", dateline=moscow)
        ArticleFactory(headline="From elsewhere")
        soup = page(client.get("/datelines/moscow/"))
        assert soup.h1.get_text() == "Moscow"
        assert [a.get_text() for a in soup.select(".summary__headline a")] == ["From Moscow"]

    @pytest.mark.parametrize("prefix", ["authors", "tags", "datelines"])
    def test_unknown_slugs_are_404(self, client, prefix):
        assert client.get(f"/{prefix}/nobody/").status_code == 404
