"""Notifications: who is told what, in the desk and by e-mail through a real SMTP
server; the clock's notices, each once; who may read what."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.workflow import Action
from notifications.due import send_due_notifications
from notifications.models import DueNotice, Notification, NotificationPreference

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, AuthorFactory
from .smtp_server import smtp_server

pytestmark = pytest.mark.django_db

Status = Article.Status
Kind = Notification.Kind
INBOX = reverse("admin:notifications_notification_changelist")
READ = reverse("admin:notifications_notification_read")


def draft_by(user, **fields) -> Article:
    return ArticleFactory(status=Status.DRAFT, published_at=None, created_by=user, **fields)


class TestWhoIsTold:
    def test_a_submission_tells_the_editors_not_the_reporter(self, reporter, editor, make_user):
        other_editor = make_user("editor", "ana")
        article = draft_by(reporter, headline="Tram fares rise")
        workflow.transition(article, action=Action.SUBMIT, user=reporter)
        told = Notification.objects.filter(kind=Kind.SUBMITTED)
        assert {n.recipient for n in told} == {editor, other_editor}
        assert told.first().message == "reporter submitted \u201cTram fares rise\u201d for review."

    def test_a_send_back_tells_the_story_s_people_with_the_note(self, reporter, editor, make_user):
        bylined = make_user("reporter", "sam")
        article = draft_by(reporter, authors=[AuthorFactory(user=bylined)])
        workflow.transition(article, action=Action.SUBMIT, user=reporter)
        workflow.transition(article, action=Action.SEND_BACK, user=editor, note="Second source.")
        told = Notification.objects.filter(kind=Kind.SENT_BACK)
        assert {n.recipient for n in told} == {reporter, bylined}
        assert all(n.message.endswith("Note: Second source.") for n in told)
        assert all(n.actor == editor for n in told)

    def test_publish_and_schedule_tell_the_story_s_people(self, reporter, editor):
        first, second = draft_by(reporter), draft_by(reporter)
        workflow.transition(first, action=Action.PUBLISH, user=editor)
        workflow.transition(
            second,
            action=Action.SCHEDULE,
            user=editor,
            publish_at=timezone.now() + timedelta(days=1),
        )
        kinds = set(Notification.objects.filter(recipient=reporter).values_list("kind", flat=True))
        assert kinds == {Kind.PUBLISHED, Kind.SCHEDULED}
        assert not Notification.objects.filter(recipient=editor).exists()  # their own moves

    def test_a_refused_move_tells_nobody(self, reporter, editor):
        article = draft_by(reporter, body="")
        with pytest.raises(workflow.NotReadyToPublish):
            workflow.transition(article, action=Action.PUBLISH, user=editor)
        assert not Notification.objects.exists()


class TestEmbargoedCopy:
    def test_reporters_read_drafts_but_not_others_embargoed_copy(self, reporter, make_user):
        colleague = make_user("reporter", "sam")
        open_draft = draft_by(colleague, headline="Open draft")
        embargoed = draft_by(
            colleague, headline="Embargoed", embargo_until=timezone.now() + timedelta(hours=2)
        )
        own_embargoed = draft_by(
            reporter, headline="Mine", embargo_until=timezone.now() + timedelta(hours=2)
        )
        visible = set(Article.objects.visible_to(reporter))
        assert open_draft in visible
        assert own_embargoed in visible
        assert embargoed not in visible
        assert embargoed in set(Article.objects.visible_to(colleague))

    def test_the_list_search_and_form_follow_the_rule(self, reporter_client, make_user):
        colleague = make_user("reporter", "sam")
        embargoed = draft_by(
            colleague,
            headline="Merger embargoed",
            embargo_until=timezone.now() + timedelta(hours=2),
        )
        changelist = reverse("admin:articles_article_changelist")
        assert "Merger embargoed" not in reporter_client.get(changelist).content.decode()
        searched = reporter_client.get(changelist, {"q": "Merger"}).content.decode()
        assert "Merger embargoed" not in searched
        response = reporter_client.get(change_url(embargoed))
        assert response.status_code == 302  # "doesn't exist", as the admin says it

    def test_notifications_follow_the_rule(self, editor, reporter, make_user):
        colleague = make_user("reporter", "sam")
        embargoed = draft_by(colleague, embargo_until=timezone.now() + timedelta(hours=2))
        AuthorFactory(user=reporter)  # a reporter with a byline name, not on this story
        workflow.transition(embargoed, action=Action.SUBMIT, user=colleague)
        workflow.transition(embargoed, action=Action.SEND_BACK, user=editor)
        assert not Notification.objects.filter(recipient=reporter).exists()
        assert Notification.objects.filter(recipient=colleague).exists()


class TestTheInbox:
    def test_unread_count_in_the_header_and_mark_as_read(self, editor_client, editor, reporter):
        for _ in range(2):
            workflow.transition(draft_by(reporter), action=Action.SUBMIT, user=reporter)
        page = editor_client.get(reverse("admin:index")).content.decode()
        assert 'class="desk-notifications-link__count">2<' in page
        first = Notification.objects.filter(recipient=editor).first()
        assert editor_client.get(READ).status_code == 405
        response = editor_client.post(READ, {"notification": first.pk})
        assert response.status_code == 302
        first.refresh_from_db()
        assert first.read_at is not None
        assert 'link__count">1<' in editor_client.get(INBOX).content.decode()
        editor_client.post(READ, {"all": "1"})
        assert not Notification.objects.filter(recipient=editor, read_at__isnull=True).exists()

    def test_nobody_reads_or_marks_another_s_notifications(self, reporter_client, editor, reporter):
        workflow.transition(draft_by(reporter), action=Action.SUBMIT, user=reporter)
        theirs = Notification.objects.get(recipient=editor)
        assert theirs.message not in reporter_client.get(INBOX).content.decode()
        reporter_client.post(READ, {"notification": theirs.pk})
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_a_bad_id_is_a_message_not_a_500(self, reporter_client):
        response = reporter_client.post(READ, {"notification": "x"}, follow=True)
        assert response.status_code == 200
        assert "Choose a notification." in response.content.decode()


class TestEmail:
    def test_sent_through_a_real_smtp_server(
        self, settings, reporter, editor, django_capture_on_commit_callbacks
    ):
        with smtp_server(settings) as inbox:
            article = draft_by(reporter, headline="Bridge closes")
            with django_capture_on_commit_callbacks(execute=True):
                workflow.transition(article, action=Action.SUBMIT, user=reporter)
                workflow.transition(article, action=Action.SEND_BACK, user=editor, note="Check.")
                assert inbox.messages == []  # sent once the move commits, not during it
        assert [m["To"] for m in inbox.messages] == [editor.email, reporter.email]
        sent_back = inbox.messages[1]
        assert sent_back["Subject"] == "[Sent back] Bridge closes"
        text = sent_back.get_payload(decode=True).decode()
        assert "editor sent \u201cBridge closes\u201d back to draft. Note: Check." in text
        assert f"http://testserver/admin/articles/article/{article.pk}/change/" in text
        assert Notification.objects.filter(emailed_at__isnull=True).count() == 0

    def test_each_person_can_turn_email_off(
        self,
        settings,
        reporter,
        editor,
        second_editor,
        editor_client,
        django_capture_on_commit_callbacks,
    ):
        editor_client.post(reverse("admin:notifications_notification_email"), {})
        assert NotificationPreference.objects.get(user=editor).email is False
        with smtp_server(settings) as inbox, django_capture_on_commit_callbacks(execute=True):
            workflow.transition(draft_by(reporter), action=Action.SUBMIT, user=reporter)
        assert [m["To"] for m in inbox.messages] == [second_editor.email]
        assert Notification.objects.filter(recipient=editor).count() == 1  # still in the desk

    def test_a_move_does_not_fail_when_the_mail_server_is_away(
        self, settings, reporter, editor, django_capture_on_commit_callbacks, caplog
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
        article = draft_by(reporter)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.transition(article, action=Action.SUBMIT, user=reporter)
        assert "Notification e-mail not delivered" in caplog.text
        article.refresh_from_db()
        assert article.status == Status.REVIEW
        assert Notification.objects.get(recipient=editor).emailed_at is None  # to retry


class TestTheClock:
    def test_an_embargo_lifting_is_told_once(self, editor, reporter):
        lifts = timezone.now() + timedelta(minutes=30)
        article = draft_by(reporter, embargo_until=lifts)
        assert send_due_notifications() == 0
        with time_machine.travel(lifts + timedelta(minutes=1)):
            assert send_due_notifications() == 1
            assert send_due_notifications() == 0
            call_command("send_due_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
        told = Notification.objects.filter(kind=Kind.EMBARGO_LIFTED, article=article)
        assert {n.recipient for n in told} == {editor, reporter}

    def test_a_scheduled_story_going_live_is_told_once(self, editor, reporter):
        goes_live = timezone.now() + timedelta(hours=1)
        article = draft_by(reporter)
        workflow.transition(article, action=Action.SCHEDULE, user=editor, publish_at=goes_live)
        published_now = draft_by(reporter)
        workflow.transition(published_now, action=Action.PUBLISH, user=editor)
        with time_machine.travel(goes_live + timedelta(seconds=30)):
            assert send_due_notifications() == 1
            assert send_due_notifications() == 0
        told = Notification.objects.filter(kind=Kind.WENT_LIVE)
        assert {(n.article, n.recipient) for n in told} == {(article, reporter), (article, editor)}

    def test_the_database_refuses_a_second_telling(self, reporter):
        article = draft_by(reporter)
        moment = timezone.now()
        DueNotice.objects.create(article=article, kind=Kind.WENT_LIVE, moment=moment)
        with pytest.raises(IntegrityError):
            DueNotice.objects.create(article=article, kind=Kind.WENT_LIVE, moment=moment)

    def test_the_scheduler_runs_it_every_minute(self, settings):
        entry = settings.CELERY_BEAT_SCHEDULE["send-due-notifications"]
        assert entry == {"task": "notifications.send_due", "schedule": 60.0}
        from jobs.celery_app import app

        assert "notifications.send_due" in app.tasks


def test_the_change_form_move_notifies(editor_client, editor, reporter):
    article = draft_by(reporter)
    workflow.transition(article, action=Action.SUBMIT, user=reporter)
    article.refresh_from_db()
    data = change_form(article, _workflow="send_back", workflow_note="Tighten the intro.")
    assert editor_client.post(change_url(article), data).status_code == 302
    assert Notification.objects.get(recipient=reporter).message.endswith("Tighten the intro.")
