"""The article list and change form as the desk uses them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.workflow import EmbargoInForce

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db
Status = Article.Status
LIST_URL = reverse("admin:articles_article_changelist")


def listed(client, **params) -> str:
    return client.get(LIST_URL, params).content.decode()


class TestTheList:
    def test_my_articles_shows_created_and_bylined_stories(self, reporter_client, reporter):
        author = AuthorFactory(user=reporter)
        ArticleFactory(headline="Mine by creation", created_by=reporter, status=Status.DRAFT)
        ArticleFactory(headline="Mine by byline", authors=[author])
        ArticleFactory(headline="A colleague's story")
        page = listed(reporter_client, mine="yes")
        assert "Mine by creation" in page
        assert "Mine by byline" in page
        assert "A colleague&#x27;s story" not in page
        assert "A colleague&#x27;s story" in listed(reporter_client)

    def test_scheduled_embargo_and_last_editor_are_shown(self, editor_client, editor):
        later = timezone.now() + timedelta(days=2)
        ArticleFactory(
            headline="Budget leak",
            published_at=later,
            embargo_until=later - timedelta(hours=1),
            last_edited_by=editor,
        )
        ArticleFactory(headline="Already out")
        page = listed(editor_client, status="scheduled")
        assert "Budget leak" in page
        assert "Scheduled" in page
        assert "Already out" not in page
        assert "by editor</td>" in page
        assert "embargo until" in page
        assert "Already out" in listed(editor_client, status="published")
        assert "Budget leak" not in listed(editor_client, status="published")

    @pytest.mark.parametrize(
        "field", ["authors__id__exact", "tags__id__exact", "dateline__id__exact"]
    )
    def test_filters_by_author_tag_and_dateline(self, editor_client, field):
        author, tag, place = AuthorFactory(), TagFactory(), DatelineFactory()
        ArticleFactory(headline="Filed story", authors=[author], tags=[tag], dateline=place)
        ArticleFactory(headline="Unrelated story")
        related = {"authors": author, "tags": tag, "dateline": place}[field.split("__")[0]]
        page = listed(editor_client, **{field: related.pk})
        assert "Filed story" in page
        assert "Unrelated story" not in page

    def test_search_covers_the_standfirst(self, editor_client):
        ArticleFactory(headline="Plain headline", standfirst="Mentions the aqueduct.")
        ArticleFactory(headline="Another")
        page = listed(editor_client, q="aqueduct")
        assert "Plain headline" in page
        assert "Another" not in page

    def test_reporters_see_only_the_moves_they_may_make(self, reporter_client, reporter):
        ArticleFactory(created_by=reporter, status=Status.DRAFT)
        page = listed(reporter_client)
        assert 'value="workflow_submit"' in page
        assert 'value="workflow_publish"' not in page
        assert 'value="delete_selected"' not in page

    def test_a_bulk_publish_reports_what_it_refused(self, editor_client):
        ok = ArticleFactory(status=Status.REVIEW, published_at=None, headline="Fine")
        embargoed = ArticleFactory(
            status=Status.REVIEW,
            published_at=None,
            headline="Held",
            embargo_until=timezone.now() + timedelta(hours=3),
        )
        response = editor_client.post(
            LIST_URL,
            {"action": "workflow_publish", "_selected_action": [ok.pk, embargoed.pk]},
            follow=True,
        )
        page = response.content.decode()
        assert "Publish: 1 article(s)." in page
        assert "under embargo" in page
        ok.refresh_from_db()
        embargoed.refresh_from_db()
        assert (ok.status, embargoed.status) == (Status.PUBLISHED, Status.REVIEW)


class TestEmbargoByEveryPath:
    @pytest.fixture
    def embargoed(self):
        return ArticleFactory(
            status=Status.REVIEW,
            published_at=None,
            headline="Embargoed report",
            embargo_until=timezone.now() + timedelta(hours=3),
        )

    def test_the_change_form_refuses_and_keeps_the_typing(self, editor_client, embargoed):
        data = change_form(embargoed, body="<p>Typed just now.</p>", _workflow="publish")
        response = editor_client.post(change_url(embargoed), data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "under embargo until" in page
        assert "Typed just now." in page
        embargoed.refresh_from_db()
        assert embargoed.status == Status.REVIEW

    def test_scheduling_before_the_embargo_is_refused(self, editor_client, embargoed):
        early = timezone.localtime(embargoed.embargo_until - timedelta(hours=1))
        data = change_form(
            embargoed,
            published_at_0=early.strftime("%Y-%m-%d"),
            published_at_1=early.strftime("%H:%M:%S"),
            _workflow="publish",
        )
        assert (
            "under embargo until"
            in editor_client.post(change_url(embargoed), data).content.decode()
        )
        embargoed.refresh_from_db()
        assert embargoed.status == Status.REVIEW

    def test_scheduling_at_the_embargo_is_allowed(self, editor_client, embargoed):
        at = timezone.localtime(embargoed.embargo_until)
        data = change_form(
            embargoed,
            published_at_0=at.strftime("%Y-%m-%d"),
            published_at_1=at.strftime("%H:%M:%S"),
            _workflow="publish",
        )
        assert editor_client.post(change_url(embargoed), data).status_code == 302
        embargoed.refresh_from_db()
        assert embargoed.status == Status.PUBLISHED
        assert embargoed not in Article.objects.published()
        assert "Scheduled" in listed(editor_client)

    def test_moving_a_live_story_s_time_before_its_embargo_is_refused(self, editor_client):
        live = ArticleFactory()
        later = timezone.localtime(timezone.now() + timedelta(hours=2))
        data = change_form(
            live,
            embargo_until_0=later.strftime("%Y-%m-%d"),
            embargo_until_1=later.strftime("%H:%M:%S"),
        )
        assert "under embargo until" in editor_client.post(change_url(live), data).content.decode()

    def test_the_list_action_refuses(self, editor_client, embargoed):
        editor_client.post(
            LIST_URL, {"action": "workflow_publish", "_selected_action": [embargoed.pk]}
        )
        embargoed.refresh_from_db()
        assert embargoed.status == Status.REVIEW

    def test_code_paths_such_as_imports_are_refused(self, editor, embargoed):
        with pytest.raises(EmbargoInForce):
            workflow.transition(embargoed, action="publish", user=editor)
        embargoed.refresh_from_db()
        assert embargoed.status == Status.REVIEW


def test_a_workflow_note_is_recorded(editor_client, editor):
    article = ArticleFactory(status=Status.REVIEW, published_at=None)
    data = change_form(article, _workflow="send_back", workflow_note="Needs a second source.")
    editor_client.post(change_url(article), data)
    log = article.transitions.get()
    assert (log.action, log.note, log.user) == ("send_back", "Needs a second source.", editor)


def test_the_reporter_reads_the_send_back_note_and_the_history_names_the_move(
    editor_client, reporter, reporter_client
):
    article = ArticleFactory(status=Status.REVIEW, published_at=None, created_by=reporter)
    data = change_form(article, _workflow="send_back", workflow_note="Needs a second source.")
    editor_client.post(change_url(article), data)

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Send back to draft. Note: Needs a second source." in history.content.decode()
    form_page = reporter_client.get(change_url(article)).content.decode()
    assert "Latest workflow moves" in form_page
    assert "Needs a second source." in form_page


def test_preview_is_offered_only_to_who_may_use_it(reporter_client, reporter):
    own_draft = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=reporter)
    live = ArticleFactory(created_by=reporter)
    preview = "/preview/"
    assert preview in reporter_client.get(change_url(own_draft)).content.decode()
    page = reporter_client.get(change_url(live)).content.decode()
    assert f"{reverse('admin:articles_article_preview', args=[live.pk])}" not in page
    assert (
        reporter_client.get(reverse("admin:articles_article_preview", args=[live.pk])).status_code
        == 403
    )


def test_the_change_form_shows_scheduled_and_both_times(editor_client):
    later = timezone.now() + timedelta(days=1)
    article = ArticleFactory(published_at=later, embargo_until=later - timedelta(hours=1))
    page = editor_client.get(change_url(article)).content.decode()
    assert "Scheduled" in page
    assert 'name="published_at_0"' in page
    assert 'name="embargo_until_0"' in page
