from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.roles import EDITORS, REPORTERS
from articles.workflow import Action, EmbargoInForce, TransitionNotAllowed

from .factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def draft_by(user, **fields):
    fields.setdefault("status", Status.DRAFT)
    fields.setdefault("published_at", None)
    return ArticleFactory(created_by=user, **fields)


def test_the_groups_exist_with_the_right_powers():
    reporters = set(
        Group.objects.get(name=REPORTERS).permissions.values_list("codename", flat=True)
    )
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article"} <= reporters
    assert "publish_article" not in reporters
    assert "delete_article" not in reporters
    assert {"publish_article", "delete_article", "change_tag", "add_author"} <= editors


class TestReporter:
    def test_submits_their_own_draft(self, reporter):
        article = draft_by(reporter)
        log = workflow.transition(article, action=Action.SUBMIT, user=reporter, note="Ready")
        article.refresh_from_db()
        assert article.status == Status.REVIEW
        assert (log.user, log.from_status, log.to_status, log.note) == (
            reporter,
            Status.DRAFT,
            Status.REVIEW,
            "Ready",
        )

    def test_a_byline_makes_an_article_their_own(self, reporter, editor):
        article = draft_by(editor)
        AuthorFactory(user=reporter)
        assert not workflow.can_edit(article, reporter)
        article.article_authors.create(author=reporter.author_profile)
        assert workflow.can_edit(article, reporter)

    @pytest.mark.parametrize("action", [Action.PUBLISH, Action.WITHDRAW, Action.SEND_BACK])
    def test_cannot_publish_withdraw_or_send_back(self, reporter, action):
        article = draft_by(reporter, status=Status.REVIEW)
        with pytest.raises(TransitionNotAllowed):
            workflow.transition(article, action=action, user=reporter)
        article.refresh_from_db()
        assert article.status == Status.REVIEW

    def test_cannot_touch_someone_elses_draft(self, reporter, editor):
        article = draft_by(editor)
        assert not workflow.can_edit(article, reporter)
        with pytest.raises(TransitionNotAllowed):
            workflow.transition(article, action=Action.SUBMIT, user=reporter)

    def test_cannot_edit_their_article_once_published(self, reporter):
        assert not workflow.can_edit(ArticleFactory(created_by=reporter), reporter)

    def test_is_offered_only_submit(self, reporter):
        assert workflow.available_actions(draft_by(reporter), reporter) == [Action.SUBMIT]


class TestEditor:
    def test_publishes_straight_from_draft(self, editor, reporter):
        article = draft_by(reporter)
        workflow.transition(article, action=Action.PUBLISH, user=editor)
        assert article in Article.objects.published()

    def test_sends_back_from_review_with_a_note(self, editor, reporter):
        article = draft_by(reporter, status=Status.REVIEW)
        log = workflow.transition(article, action=Action.SEND_BACK, user=editor, note="Source?")
        assert article.status == Status.DRAFT
        assert log.note == "Source?"

    def test_withdraws_and_redrafts(self, editor):
        article = ArticleFactory()
        workflow.transition(article, action=Action.WITHDRAW, user=editor)
        assert article not in Article.objects.published()
        workflow.transition(article, action=Action.REDRAFT, user=editor)
        assert article.status == Status.DRAFT

    def test_schedules_for_later(self, editor, time_machine):
        article = draft_by(editor)
        at = timezone.now() + timedelta(hours=2)
        workflow.transition(article, action=Action.SCHEDULE, user=editor, publish_at=at)
        assert article.status == Status.PUBLISHED
        assert article not in Article.objects.published()
        time_machine.move_to(at + timedelta(seconds=1))
        assert article in Article.objects.published()

    def test_moves_from_the_wrong_state_are_refused(self, editor):
        with pytest.raises(TransitionNotAllowed, match="not possible for an article that is"):
            workflow.transition(ArticleFactory(), action=Action.SUBMIT, user=editor)

    def test_a_user_with_no_group_can_do_nothing(self):
        nobody = UserFactory(is_staff=True)
        article = draft_by(nobody)
        assert workflow.available_actions(article, nobody) == []


class TestEmbargo:
    def test_blocks_publishing_now(self, editor):
        article = draft_by(editor, embargo_until=timezone.now() + timedelta(hours=1))
        with pytest.raises(EmbargoInForce, match="under embargo until"):
            workflow.transition(article, action=Action.PUBLISH, user=editor)
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_blocks_scheduling_before_it_lifts(self, editor):
        lifts = timezone.now() + timedelta(hours=1)
        article = draft_by(editor, embargo_until=lifts)
        with pytest.raises(EmbargoInForce):
            workflow.transition(
                article,
                action=Action.SCHEDULE,
                user=editor,
                publish_at=lifts - timedelta(minutes=1),
            )

    def test_allows_scheduling_for_when_it_lifts(self, editor):
        lifts = timezone.now() + timedelta(hours=1)
        article = draft_by(editor, embargo_until=lifts)
        workflow.transition(article, action=Action.SCHEDULE, user=editor, publish_at=lifts)
        assert article.status == Status.PUBLISHED

    def test_a_passed_embargo_does_not_block(self, editor):
        article = draft_by(editor, embargo_until=timezone.now() - timedelta(minutes=1))
        workflow.transition(article, action=Action.PUBLISH, user=editor)
        assert article.is_live
