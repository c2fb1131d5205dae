"""The whole-page cache: what a cached page costs, what it is keyed on,
how long it lives, and what readers' browsers and shared caches are told.

The page cache is Django's real cache (Redis when REDIS_URL is set). Each
test starts with every page stale (conftest renews the content version).
"""

import pytest

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_one_query(client, django_assert_num_queries):
    ArticleFactory()
    client.get("/")
    with django_assert_num_queries(1):  # the current announcement
        client.get("/")
