"""Every public page costs the same number of queries however much there is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reader.page_cache.tokens import forget_pages

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db

# Counted on cache misses (a hit costs one query, the announcement). The front
# page's layout: announcement, count, page, authors, tags, pinned stories
# (+ authors, tags), busiest tags, their stories, masthead sections, and the
# next scheduled story (which caps the cache lifetime).
MAX_QUERIES = 12
# announcement, next scheduled story, article, authors, tags, notes, related,
# sections
ARTICLE_PAGE_MAX_QUERIES = 8


def make_articles(count: int, author, tag, dateline) -> list:
    now = timezone.now()
    return [
        ArticleFactory(
            published_at=now - timedelta(minutes=i),
            authors=[author, AuthorFactory()],
            tags=[tag, TagFactory()],
            dateline=dateline,
        )
        for i in range(count)
    ]


def queries_for(client, url: str) -> int:
    forget_pages()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def section():
    return AuthorFactory(slug="ana"), TagFactory(slug="climate"), DatelineFactory(slug="oslo")


@pytest.mark.parametrize("url", ["/", "/authors/ana/", "/tags/climate/", "/datelines/oslo/"])
def test_lists_cost_the_same_for_5_and_50_articles(
    client, section, url, django_assert_max_num_queries
):
    make_articles(5, *section)
    with_five = queries_for(client, url)
    make_articles(45, *section)
    with_fifty = queries_for(client, url)

    assert with_five == with_fifty
    forget_pages()
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_article_page_costs_the_same_with_many_authors_and_tags(
    client, django_assert_max_num_queries
):
    small = ArticleFactory(authors=[AuthorFactory()], tags=[TagFactory()])
    large = ArticleFactory(
        authors=[AuthorFactory() for _ in range(8)], tags=[TagFactory() for _ in range(12)]
    )
    make_articles(50, AuthorFactory(), TagFactory(), DatelineFactory())

    assert queries_for(client, small.get_absolute_url()) == queries_for(
        client, large.get_absolute_url()
    )
    forget_pages()
    with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES):
        client.get(large.get_absolute_url())
