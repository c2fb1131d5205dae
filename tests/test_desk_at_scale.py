"""The desk's article list does not count the archive and searches through the index."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from desk import paginators

from .factories import ArticleFactory, AuthorFactory, logged_in
from .html import page

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def listed(client, **params) -> list[str]:
    soup = page(client.get(CHANGELIST, params))
    return [cell.get_text() for cell in soup.select("#result_list th.field-headline a")]


def counting(captured) -> list[str]:
    """The counts the list makes (the header's unread-notification count is the
    person's own, not the archive's)."""
    return [
        query["sql"]
        for query in captured
        if "COUNT(" in query["sql"].upper() and '"notifications_notification"' not in query["sql"]
    ]


@pytest.fixture
def six_stories(monkeypatch):
    """More stories than the list counts exactly (3, for the test)."""
    monkeypatch.setattr(paginators, "EXACT_UP_TO", 3)
    for number in range(6):
        ArticleFactory(headline=f"Story {number}")


def test_past_the_bounded_count_every_story_is_still_listed(editor, six_stories):
    client = logged_in(editor)
    assert len(listed(client)) == 6
    assert len(listed(client, status="published")) == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no planner estimate")
def test_the_list_never_counts_the_whole_table(editor, six_stories):
    client = logged_in(editor)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CHANGELIST).status_code == 200
    counts = counting(captured)
    assert counts, "the list counts something"
    assert all("LIMIT 4" in sql for sql in counts), counts
    assert paginators.planner_estimate(Article.objects.all()) is not None


def test_search_finds_words_of_the_body_and_keeps_the_syntax(editor):
    ArticleFactory(headline="Harbour", body="<p>The lighthouse keeper retired.</p>")
    ArticleFactory(headline="Lighthouse fair", body="<p>Stalls and music.</p>")
    ArticleFactory(headline="Unrelated")
    client = logged_in(editor)
    assert sorted(listed(client, q="lighthouse")) == ["Harbour", "Lighthouse fair"]
    assert listed(client, q="lighthouse -music") == ["Harbour"]
    assert listed(client, q='"keeper retired"') == ["Harbour"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search document is PostgreSQL's")
def test_search_finds_a_story_by_its_authors_name(editor):
    ArticleFactory(headline="Ferry strike", authors=[AuthorFactory(name="Ingrid Halvorsen")])
    ArticleFactory(headline="Other")
    assert listed(logged_in(editor), q="halvorsen") == ["Ferry strike"]


def test_the_date_hierarchy_offers_only_years_with_stories(editor):
    for year in (2021, 2023):
        ArticleFactory(published_at=datetime(year, 5, 1, 12, tzinfo=UTC))
    soup = page(logged_in(editor).get(CHANGELIST))
    years = [link.get_text(strip=True) for link in soup.select("a[href*='published_at__year=']")]
    assert years == ["2021", "2023"]


def test_the_date_hierarchy_reads_no_year_of_every_row(editor):
    """Its years come from the index's two ends and one EXISTS a year, never a
    DISTINCT over every story's date."""
    for year in (2021, 2023):
        ArticleFactory(published_at=datetime(year, 5, 1, 12, tzinfo=UTC))
    client = logged_in(editor)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CHANGELIST).status_code == 200
    assert not [q["sql"] for q in captured if "DISTINCT" in q["sql"].upper()]


def test_no_date_hierarchy_while_searching(editor):
    """Its first and last dates over a search's matches would read every match."""
    ArticleFactory(
        headline="Harbour dredging begins", published_at=datetime(2021, 5, 1, tzinfo=UTC)
    )
    client = logged_in(editor)
    soup = page(client.get(CHANGELIST, {"q": "harbour"}))
    assert listed(client, q="harbour") == ["Harbour dredging begins"]
    assert not soup.select("a[href*='published_at__year=']")
