"""The desk's home page: per person, each section linking to the story."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVisit
from articles.workflow import Action

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
Status = Article.Status


def section(page: str, heading_id: str) -> BeautifulSoup:
    soup = BeautifulSoup(page, "html.parser")
    heading = soup.find(id=heading_id)
    assert heading is not None, f"no section {heading_id}"
    return heading.find_parent("section")


def draft_by(user, **fields) -> Article:
    return ArticleFactory(status=Status.DRAFT, published_at=None, created_by=user, **fields)


def test_an_editor_sees_what_awaits_review_oldest_first(editor_client, reporter):
    older = draft_by(reporter, headline="Older submission")
    newer = draft_by(reporter, headline="Newer submission")
    workflow.transition(older, action=Action.SUBMIT, user=reporter)
    workflow.transition(newer, action=Action.SUBMIT, user=reporter)
    page = editor_client.get(HOME).content.decode()
    awaiting = section(page, "home-awaiting-review")
    assert "(2)" in awaiting.h2.text
    links = [(a.text, a["href"]) for a in awaiting.select("li a")]
    assert links == [
        ("Older submission", reverse("admin:articles_article_change", args=[older.pk])),
        ("Newer submission", reverse("admin:articles_article_change", args=[newer.pk])),
    ]
    assert "New for you" in page  # the two submissions, as notifications


def test_a_reporter_sees_drafts_and_what_was_sent_back_with_the_note(
    reporter_client, reporter, editor
):
    draft_by(reporter, headline="Still writing")
    returned = draft_by(reporter, headline="Needs work")
    workflow.transition(returned, action=Action.SUBMIT, user=reporter)
    workflow.transition(returned, action=Action.SEND_BACK, user=editor, note="Cut the intro.")
    page = reporter_client.get(HOME).content.decode()
    assert "home-awaiting-review" not in page  # editors only
    drafts = section(page, "home-my-drafts")
    assert [a.text for a in drafts.select("li a")] == ["Still writing"]
    sent_back = section(page, "home-sent-back")
    assert [a.text for a in sent_back.select("li a")] == ["Needs work"]
    assert sent_back.blockquote.text == "Cut the intro."
    assert "by editor" in sent_back.text


def test_scheduled_recent_and_who_is_editing_now(reporter_client, reporter, editor):
    soon = ArticleFactory(
        headline="Goes out soon", published_at=timezone.now() + timedelta(hours=3)
    )
    ArticleFactory(headline="Out already")
    being_edited = draft_by(editor, headline="Being edited")
    ArticleVisit.objects.create(user=editor, article=being_edited)
    page = reporter_client.get(HOME).content.decode()
    scheduled = section(page, "home-scheduled")
    assert [a.text for a in scheduled.select("li a")] == ["Goes out soon"]
    local = timezone.localtime(soon.published_at)
    assert f"{local:%H:%M} UTC" in scheduled.text
    assert "Times are in UTC, the newsroom's time zone." in page
    assert [a.text for a in section(page, "home-recently-published").select("li a")] == [
        "Out already"
    ]
    editing = section(page, "home-editing-now")
    assert "editor on" in editing.text
    assert "Being edited" in editing.text


def test_embargoed_copy_stays_off_a_reporter_s_home(reporter_client, make_user):
    colleague = make_user("reporter", "sam")
    ArticleFactory(
        headline="Embargoed results",
        published_at=timezone.now() + timedelta(hours=3),
        embargo_until=timezone.now() + timedelta(hours=2),
        created_by=colleague,
    )
    page = reporter_client.get(HOME).content.decode()
    assert "Embargoed results" not in page


def test_the_home_page_costs_the_same_with_many_stories(
    editor_client, reporter, django_assert_max_num_queries
):
    def stories(n: int) -> None:
        for i in range(n):
            draft = draft_by(reporter, headline=f"Submitted {i}")
            workflow.transition(draft, action=Action.SUBMIT, user=reporter)
            ArticleFactory(published_at=timezone.now() + timedelta(hours=i + 1))
            ArticleFactory()

    stories(2)
    with django_assert_max_num_queries(30) as few:
        editor_client.get(HOME)
    stories(15)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = editor_client.get(HOME)
    assert "(17)" in section(response.content.decode(), "home-awaiting-review").h2.text
    assert len(many.captured_queries) == len(few.captured_queries)
