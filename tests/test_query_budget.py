"""Every public page costs the same number of queries however much there is.

Each page is counted on a cache miss (the content version is renewed first),
so the figures are what a reader's first visit costs; a cached page costs
one query (test_page_cache). Each page is measured with a small and a large
archive, must cost the same in both, and must stay within its budget below.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import corrections
from articles.models import ArticleNote
from banners.models import Announcement
from reader.page_cache.tokens import forget_pages

from .factories import (
    ArticleFactory,
    AuthorFactory,
    DatelineFactory,
    TagFactory,
    make_library_image,
)

pytestmark = pytest.mark.django_db

# The most a reader's page may run on a cache miss. The front page's layout:
# announcement, page (one row more than shown: no count), authors, tags,
# pinned stories (+ authors, tags), a month's tag links, the busiest tags,
# their stories, masthead sections, and the next scheduled story (which caps
# the cache lifetime).
MAX_QUERIES = 12
# announcement, next scheduled story, article, authors, tags, notes, related,
# sections
ARTICLE_PAGE_MAX_QUERIES = 8
# A year's page looks up one story in each of its twelve months.
YEAR_PAGE_MAX_QUERIES = MAX_QUERIES + 11
# The page of notes; the banner's announcement, the next scheduled story
# (cache lifetime) and the masthead sections, as on every page.
CORRECTIONS_MAX_QUERIES = 4
FEED_MAX_QUERIES = 4
# The index: for each of five sections a count and its newest change (the
# newest edit and the newest publication, each read from an index's end;
# the news sitemap's two days in one aggregate).
SITEMAP_INDEX_MAX_QUERIES = 14
# One slice of the section, uncounted.
SITEMAP_MAX_QUERIES = 1
# Exactly: an aggregate for the validators, the page, its authors, its tags.
NINJS_LIST_QUERIES = 4
NINJS_ITEM_QUERIES = 3

# The archive grows back in time from here, a story an hour.
NOW = datetime(2025, 3, 10, 0, 0, tzinfo=UTC)


def queries_on_a_miss(client, url: str) -> int:
    forget_pages()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


class Archive:
    """A paper whose archive grows on demand: ``grow_to(n)`` stories.

    Story i is published i + 1 hours before NOW, with two authors and two
    tags (the shared author "ana" and tag "climate", one of its own, every
    twentieth of those in the masthead), the shared dateline "oslo" and a
    correction; the fourth is the pinned lead.
    """

    def __init__(self, editor):
        self.editor = editor
        self.author = AuthorFactory(slug="ana")
        self.tag = TagFactory(slug="climate", in_navigation=True)
        self.dateline = DatelineFactory(slug="oslo")
        self.size = 0
        Announcement.objects.create(
            message="Polls close at 10pm", starts_at=NOW - timedelta(days=9)
        )

    def grow_to(self, size: int) -> None:
        for i in range(self.size, size):
            article = ArticleFactory(
                published_at=NOW - timedelta(hours=i + 1),
                authors=[self.author, AuthorFactory()],
                tags=[self.tag, TagFactory(in_navigation=i % 20 == 0)],
                dateline=self.dateline,
                front_page_position=1 if i == 3 else None,
            )
            corrections.add_note(
                article, kind=ArticleNote.Kind.UPDATE, text=f"Note {i}.", user=self.editor
            )
        self.size = size


@pytest.fixture
def archive(editor, time_machine):
    time_machine.move_to(NOW)
    return Archive(editor)


def public_pages(archive) -> dict[str, int]:
    """Every public page (with a story of its own) and its query budget."""
    story = ArticleFactory(
        slug="the-story",
        published_at=NOW - timedelta(minutes=30),
        tags=[archive.tag],
        authors=[archive.author, AuthorFactory()],
        dateline=archive.dateline,
    )
    return {
        "/": MAX_QUERIES,
        "/?page=1": MAX_QUERIES,
        story.get_absolute_url(): ARTICLE_PAGE_MAX_QUERIES,
        "/authors/ana/": MAX_QUERIES,
        "/tags/climate/": MAX_QUERIES,
        "/datelines/oslo/": MAX_QUERIES,
        "/2025/": YEAR_PAGE_MAX_QUERIES,
        "/2025/03/": MAX_QUERIES,
        "/2025/03/09/": MAX_QUERIES,
        "/search/?q=story": MAX_QUERIES,
        "/search/": MAX_QUERIES,
        "/corrections/": CORRECTIONS_MAX_QUERIES,
        "/feeds/rss/": FEED_MAX_QUERIES,
        "/feeds/atom/": FEED_MAX_QUERIES,
        "/tags/climate/rss/": FEED_MAX_QUERIES,
        "/tags/climate/atom/": FEED_MAX_QUERIES,
        "/authors/ana/rss/": FEED_MAX_QUERIES,
        "/authors/ana/atom/": FEED_MAX_QUERIES,
        "/sitemap.xml": SITEMAP_INDEX_MAX_QUERIES,
        "/sitemap-articles.xml": SITEMAP_MAX_QUERIES,
        "/sitemap-tags.xml": SITEMAP_MAX_QUERIES,
        "/sitemap-authors.xml": SITEMAP_MAX_QUERIES,
        "/sitemap-datelines.xml": SITEMAP_MAX_QUERIES,
        "/sitemap-news.xml": SITEMAP_MAX_QUERIES,
        "/api/ninjs/articles/": NINJS_LIST_QUERIES,
        f"/api/ninjs/articles/{story.public_id}/": NINJS_ITEM_QUERIES,
    }


def test_every_public_page_costs_the_same_for_10_and_200_articles(
    client, archive, django_assert_max_num_queries
):
    budgets = public_pages(archive)
    ninjs_list = "/api/ninjs/articles/"
    ninjs_item = next(url for url in budgets if url.startswith(ninjs_list) and url != ninjs_list)
    archive.grow_to(10)
    with_10 = {url: queries_on_a_miss(client, url) for url in budgets}
    archive.grow_to(200)
    with_200 = {url: queries_on_a_miss(client, url) for url in budgets}

    assert with_10 == with_200
    ninjs = {url: with_10[url] for url in ("/api/ninjs/articles/", ninjs_item)}
    assert ninjs == {"/api/ninjs/articles/": NINJS_LIST_QUERIES, ninjs_item: NINJS_ITEM_QUERIES}
    for url, budget in budgets.items():
        forget_pages()
        with django_assert_max_num_queries(budget):
            client.get(url)


def test_a_later_page_costs_the_same_half_empty_and_full(
    client, archive, django_assert_max_num_queries
):
    urls = [
        "/?page=2",
        "/authors/ana/?page=2",
        "/tags/climate/?page=2",
        "/datelines/oslo/?page=2",
        "/2025/?page=2",
        "/2025/03/?page=2",
        "/search/?q=story&page=2",
        "/corrections/?page=2",
    ]
    archive.grow_to(25)  # page 2 holds 5 stories (or notes)
    half_empty = {url: queries_on_a_miss(client, url) for url in urls}
    archive.grow_to(60)  # and now 20, with a page 3 after it
    full = {url: queries_on_a_miss(client, url) for url in urls}

    assert half_empty == full
    for url in urls:
        forget_pages()
        budget = {
            "/corrections/?page=2": CORRECTIONS_MAX_QUERIES,
            "/2025/?page=2": YEAR_PAGE_MAX_QUERIES,
        }
        with django_assert_max_num_queries(budget.get(url, MAX_QUERIES)):
            client.get(url)


def test_article_page_costs_the_same_with_many_authors_and_tags(
    client, archive, django_assert_max_num_queries
):
    small = ArticleFactory(authors=[AuthorFactory()], tags=[TagFactory()])
    large = ArticleFactory(
        authors=[AuthorFactory() for _ in range(8)], tags=[TagFactory() for _ in range(12)]
    )
    archive.grow_to(50)

    assert queries_on_a_miss(client, small.get_absolute_url()) == queries_on_a_miss(
        client, large.get_absolute_url()
    )
    forget_pages()
    with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES):
        client.get(large.get_absolute_url())


def test_a_story_page_costs_the_same_with_many_notes(client, editor):
    few, many = ArticleFactory(), ArticleFactory()
    corrections.add_note(few, kind=ArticleNote.Kind.UPDATE, text="One.", user=editor)
    for number in range(12):
        corrections.add_note(
            many, kind=ArticleNote.Kind.UPDATE, text=f"Note {number}.", user=editor
        )
    counts = [queries_on_a_miss(client, article.get_absolute_url()) for article in (few, many)]
    assert counts[0] == counts[1] <= ARTICLE_PAGE_MAX_QUERIES


class TestPictures:
    """Lead images and body pictures: their renditions come in fixed queries too."""

    @pytest.fixture
    def photo(self):
        return make_library_image(
            2000, 1250, caption="The fire burned through the night.", credit="Sam Lee / Newsroom"
        )

    def test_the_front_page_costs_the_same_for_5_and_40_lead_images(
        self, client, photo, django_assert_max_num_queries, django_assert_num_queries
    ):
        now = timezone.now()
        other = make_library_image(900, 600)
        for minutes in range(5):
            ArticleFactory(lead_image=photo, published_at=now - timedelta(minutes=minutes))
        few = queries_on_a_miss(client, "/")
        for minutes in range(5, 40):
            image = other if minutes % 2 else make_library_image(640, 480)
            ArticleFactory(lead_image=image, published_at=now - timedelta(minutes=minutes))
        many = queries_on_a_miss(client, "/")

        assert few == many
        forget_pages()
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get("/")
        with django_assert_num_queries(0):  # and now it is cached
            client.get("/")

    def test_the_article_page_costs_the_same_with_1_and_5_body_pictures(
        self, client, photo, django_assert_max_num_queries, django_assert_num_queries
    ):
        def body_with(count):
            images = [make_library_image(700, 500) for _ in range(count)]
            return "".join(
                f'<p>Para {n}.</p><img src="{image.rendition(1024).url}" alt="">'
                for n, image in enumerate(images)
            )

        one = ArticleFactory(lead_image=photo, body=body_with(1))
        five = ArticleFactory(lead_image=photo, body=body_with(5))

        assert queries_on_a_miss(client, one.get_absolute_url()) == queries_on_a_miss(
            client, five.get_absolute_url()
        )
        forget_pages()
        # The article page's own, plus the lead image's renditions, the body's
        # pictures and their renditions.
        with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES + 3):
            client.get(five.get_absolute_url())
        with django_assert_num_queries(0):  # and now it is cached
            client.get(five.get_absolute_url())


# Live coverage: the article page's queries, plus the pinned update and its
# authors, the key events, and the page of updates (count, rows, authors).
LIVE_PAGE_MAX_QUERIES = ARTICLE_PAGE_MAX_QUERIES + 6
# ?update=<id> finds its page: the update, and how many are newer.
LIVE_PERMALINK_MAX_QUERIES = LIVE_PAGE_MAX_QUERIES + 2
# The next scheduled story (cache lifetime), the story, its updates, their authors.
LIVE_POLLING_MAX_QUERIES = 4


class TestLiveCoverage:
    """A 500-update day costs what a quiet one does, on the page and when polled."""

    @pytest.fixture
    def story(self, editor):
        from .live import add_updates, live_story

        story = live_story()
        pinned, key = add_updates(story, 2)
        pinned.pinned, key.key_event = True, True
        pinned.save()
        key.save()
        add_updates(story, 3)
        return story

    def grow(self, story, to: int) -> None:
        from .live import add_updates

        add_updates(story, to - story.live_updates.count())

    def test_the_live_page_costs_the_same_for_5_and_200_updates(self, client, story):
        few = queries_on_a_miss(client, story.get_absolute_url())
        self.grow(story, 200)
        many = queries_on_a_miss(client, story.get_absolute_url())
        assert few == many <= LIVE_PAGE_MAX_QUERIES

    def test_a_permalink_far_down_costs_the_same(self, client, story):
        oldest = story.live_updates.order_by("published_at").first()
        few = queries_on_a_miss(client, f"{story.get_absolute_url()}?update={oldest.pk}")
        self.grow(story, 200)
        many = queries_on_a_miss(client, f"{story.get_absolute_url()}?update={oldest.pk}")
        assert few == many <= LIVE_PERMALINK_MAX_QUERIES

    def test_polling_costs_the_same_for_5_and_200_updates_and_nothing_when_cached(
        self, client, story, django_assert_num_queries
    ):
        from .test_live_coverage import polling_url

        url = polling_url(story)
        few = queries_on_a_miss(client, url)
        self.grow(story, 200)
        many = queries_on_a_miss(client, url)
        assert few == many <= LIVE_POLLING_MAX_QUERIES
        with django_assert_num_queries(0):
            assert client.get(url)["X-Cache"] == "HIT"

    def test_the_update_feed_and_ninjs_item_cost_the_same(self, client, story):
        from django.urls import reverse

        urls = [
            reverse("distribution:live-atom", kwargs={"public_id": story.public_id}),
            reverse("distribution:ninjs-detail", kwargs={"public_id": story.public_id}),
        ]
        few = [queries_on_a_miss(client, url) for url in urls]
        self.grow(story, 200)
        assert [queries_on_a_miss(client, url) for url in urls] == few


# The sitemap index alone counts: it lists every page of each section.
COUNTING_PAGES = {"/sitemap.xml"}


def test_no_public_page_counts_the_archive(client, archive):
    """A "next page" link needs one row more than the page, not a count."""
    urls = [
        *public_pages(archive),
        "/?page=2",
        "/tags/climate/?page=2",
        "/2025/03/?page=2",
        "/search/?q=story&page=2",
        "/corrections/?page=2",
        "/sitemap-articles.xml?p=1",
    ]
    archive.grow_to(45)
    for url in urls:
        forget_pages()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        # QuerySet.count(), as a paginator runs it, or a count of the stories
        # beside other aggregates (a GROUP BY's COUNT is not one).
        counts = [
            query["sql"]
            for query in captured
            if '"__count"' in query["sql"] or 'COUNT("articles_article"."id")' in query["sql"]
        ]
        assert (counts != []) == (url in COUNTING_PAGES), (url, counts)


def test_a_page_says_there_is_more_from_one_extra_row(client, archive):
    archive.grow_to(41)  # two full pages of 20 and one story more
    forget_pages()
    second = client.get("/tags/climate/?page=2")
    assert 'rel="next" href="?page=3"' in second.content.decode()
    third = client.get("/tags/climate/?page=3")
    assert third.status_code == 200
    assert 'rel="next"' not in third.content.decode()
    assert client.get("/tags/climate/?page=4").status_code == 404


# With the page cache off and the pieces kept (reader.fragments): nothing,
# the story, a list's rows and a page of results for words asked before all
# kept until what they show changes.
WARM_PIECES_MAX_QUERIES = {"article": 0, "list": 0, "search": 0}


def test_pages_rendered_from_kept_pieces_cost_the_same_for_10_and_200_articles(
    client, archive, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    story = next(url for url in public_pages(archive) if url.endswith("/the-story/"))
    urls = {
        story: "article",
        "/": "list",
        "/authors/ana/": "list",
        "/tags/climate/": "list",
        "/datelines/oslo/": "list",
        "/search/?q=story": "search",
    }

    def warm_queries() -> dict[str, int]:
        counts = {}
        for url in urls:
            client.get(url)  # renders what changed, keeps it
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            counts[url] = len(captured)
        return counts

    archive.grow_to(10)
    with_10 = warm_queries()
    archive.grow_to(200)
    with_200 = warm_queries()

    assert with_10 == with_200
    for url, kind in urls.items():
        assert with_200[url] <= WARM_PIECES_MAX_QUERIES[kind], url
