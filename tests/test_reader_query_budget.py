"""Every reader page runs the same queries for 10 articles as for 200.

Counted on uncached renders (the content version is renewed first), so the
figures are what a cache miss costs; a cache hit costs one query.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banners.models import Announcement
from reader.page_cache.tokens import forget_pages

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
# The most any reader page may run on a cache miss.
MAX_QUERIES = 12


def make_articles(count: int, offset: int, author, tag, dateline) -> None:
    for i in range(offset, offset + count):
        ArticleFactory(
            published_at=START + timedelta(hours=i),
            authors=[author, AuthorFactory()],
            tags=[tag, TagFactory(in_navigation=i % 20 == 0)],
            dateline=dateline,
            front_page_position=1 if i == 3 else None,
        )


def uncached_queries(client, url: str) -> int:
    forget_pages()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_every_reader_page_costs_the_same_for_10_and_200_articles(
    client, django_assert_max_num_queries, time_machine
):
    time_machine.move_to(START + timedelta(days=30))
    author, tag = AuthorFactory(slug="ana"), TagFactory(slug="climate", in_navigation=True)
    dateline = DatelineFactory(slug="oslo")
    Announcement.objects.create(message="Polls close at 10pm", starts_at=START)
    make_articles(10, 0, author, tag, dateline)
    story = ArticleFactory(
        slug="the-story", published_at=START, tags=[tag], authors=[author], dateline=dateline
    )
    urls = [
        "/",
        "/?page=1",
        story.get_absolute_url(),
        "/authors/ana/",
        "/tags/climate/",
        "/datelines/oslo/",
        "/2025/",
        "/2025/03/",
        "/2025/03/01/",
        "/search/?q=story",
        "/search/",
    ]
    with_ten = {url: uncached_queries(client, url) for url in urls}
    make_articles(190, 10, author, tag, dateline)
    with_two_hundred = {url: uncached_queries(client, url) for url in urls}

    assert with_ten == with_two_hundred
    for url in urls:
        forget_pages()
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)


def test_a_cached_page_costs_no_query(client, django_assert_num_queries):
    ArticleFactory()
    client.get("/")
    with django_assert_num_queries(0):  # the banner's state comes from the cache too
        client.get("/")
