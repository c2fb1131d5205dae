"""The withdrawn-story notice and a moved story, as a reader's browser sees them."""

from datetime import UTC, datetime

import pytest

from articles import workflow
from articles.models import Article

from ..factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Ferry service resumes",
        slug="ferry-service-resumes",
        published_at=datetime(2024, 3, 4, 9, 0, tzinfo=UTC),
    )


def test_a_moved_story_opens_at_its_new_address(live_server, new_page, story):
    story.slug = "ferries-sail-again"
    story.save()
    page = new_page()

    response = page.goto(live_server.url + "/2024/03/04/ferry-service-resumes/")

    assert response.status == 200
    assert page.url == live_server.url + "/2024/03/04/ferries-sail-again/"
    assert page.get_by_role("heading", level=1).inner_text() == "Ferry service resumes"


@pytest.mark.parametrize("width", [375, 1280])
def test_a_withdrawn_story_shows_a_short_notice(
    live_server, new_page, artifacts, story, admin_user, width
):
    workflow.transition(story, action=workflow.Action.WITHDRAW, user=admin_user)
    assert Article.objects.get().status == Article.Status.WITHDRAWN
    page = new_page(width=width)

    response = page.goto(live_server.url + story.get_absolute_url())

    assert response.status == 410
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "This story has been withdrawn"
    link = page.get_by_role("link", name="Go to the front page")
    assert link.is_visible()
    page.screenshot(path=artifacts / f"withdrawn-{width}.png", full_page=True)
