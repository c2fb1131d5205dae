"""A published address never breaks: moved stories 301, withdrawn ones 410."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.models import Article, ArticleRedirect
from reader.page_cache.tokens import forget_pages

from .factories import ArticleFactory
from .html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Ferry service resumes",
        slug="ferry-service-resumes",
        published_at=datetime(2024, 3, 4, 9, 0, tzinfo=UTC),
    )


OLD = "/2024/03/04/ferry-service-resumes/"


def test_a_changed_slug_redirects_permanently(client, story):
    story.slug = "ferries-sail-again"
    story.save()

    response = client.get(OLD)
    assert response.status_code == 301
    assert response["Location"] == "/2024/03/04/ferries-sail-again/"
    assert client.get(response["Location"]).status_code == 200


def test_a_changed_date_redirects_permanently(client, story):
    story.published_at = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    story.save()

    response = client.get(OLD)
    assert (response.status_code, response["Location"]) == (
        301,
        "/2024/03/05/ferry-service-resumes/",
    )


def test_every_old_address_goes_straight_to_the_current_one(client, story):
    for slug in ("second-slug", "third-slug", "final-slug"):
        story.slug = slug
        story.save()

    for old in (OLD, "/2024/03/04/second-slug/", "/2024/03/04/third-slug/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (
            301,
            "/2024/03/04/final-slug/",
        )


def test_moving_back_serves_the_page_again(client, story):
    story.slug = "elsewhere"
    story.save()
    story.slug = "ferry-service-resumes"
    story.save()

    assert client.get(OLD).status_code == 200
    assert client.get("/2024/03/04/elsewhere/")["Location"] == OLD


def test_a_new_story_may_take_an_old_address(client, story):
    story.slug = "ferries-sail-again"
    story.save()
    newcomer = ArticleFactory(
        headline="Another ferry story",
        slug="ferry-service-resumes",
        published_at=datetime(2024, 3, 4, 18, 0, tzinfo=UTC),
    )

    response = client.get(OLD)
    assert response.status_code == 200
    assert page(response).h1.get_text() == newcomer.headline


def test_drafts_record_no_redirects(story):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, slug="draft")
    draft.slug = "draft-renamed"
    draft.save()
    story.headline = "Ferry service resumes after storm"  # same address
    story.save()

    assert not ArticleRedirect.objects.exists()


def test_an_old_address_of_a_story_not_live_is_404(client, story):
    story.slug = "ferries-sail-again"
    story.save()
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)

    assert client.get(OLD).status_code == 404


class TestWithdrawn:
    @pytest.fixture
    def withdraw(self, editor):
        def withdraw(article):
            workflow.transition(article, action=workflow.Action.WITHDRAW, user=editor)

        return withdraw

    def test_a_withdrawn_story_is_410_gone_with_a_notice(self, client, story, withdraw):
        withdraw(story)

        response = client.get(OLD)
        assert response.status_code == 410
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text() == "This story has been withdrawn"
        assert soup.select_one(".error-page a")["href"] == "/"
        assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
        assert "Ferry service resumes" not in response.content.decode()

    def test_an_old_address_of_a_withdrawn_story_is_410_too(self, client, story, withdraw):
        story.slug = "ferries-sail-again"
        story.save()
        withdraw(story)

        assert client.get(OLD).status_code == 410
        assert client.get("/2024/03/04/ferries-sail-again/").status_code == 410

    def test_an_address_that_never_existed_is_still_404(self, client, story, withdraw):
        withdraw(story)
        assert client.get("/2024/03/04/never-was/").status_code == 404


def test_the_live_article_page_costs_no_extra_query(client, story):
    never_moved = ArticleFactory(published_at=story.published_at)
    story.slug = "ferries-sail-again"
    story.save()
    forget_pages()  # each page rendered whole, none of it kept from the other
    with CaptureQueriesContext(connection) as moved_queries:
        assert client.get("/2024/03/04/ferries-sail-again/").status_code == 200
    forget_pages()
    with CaptureQueriesContext(connection) as plain_queries:
        assert client.get(never_moved.get_absolute_url()).status_code == 200
    assert len(moved_queries) == len(plain_queries)
