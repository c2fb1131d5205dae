"""Autosave buffers and presence on the article change form, over HTTP."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, DraftBuffer

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, logged_in

pytestmark = pytest.mark.django_db


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


@pytest.fixture
def draft():
    return ArticleFactory(
        headline="Stored headline", status=Article.Status.DRAFT, published_at=None
    )


def test_autosave_keeps_text_and_reopening_offers_it(editor_client, draft):
    response = editor_client.post(
        autosave_url(draft), {"headline": "Typed but not saved", "edit_version": draft.version}
    )
    assert response.status_code == 200
    assert "saved_at" in response.json()
    draft.refresh_from_db()
    assert draft.headline == "Stored headline"  # not a save, not a revision

    page = editor_client.get(change_url(draft)).content.decode()
    assert "You have unsaved changes" in page
    restored = editor_client.get(change_url(draft), {"restore_unsaved": "1"}).content.decode()
    assert 'value="Typed but not saved"' in restored


def test_saving_the_article_clears_the_buffer(editor_client, draft):
    editor_client.post(autosave_url(draft), {"headline": "Typed", "edit_version": draft.version})
    editor_client.post(change_url(draft), change_form(draft, headline="Typed"))
    assert not DraftBuffer.objects.exists()
    assert "You have unsaved changes" not in editor_client.get(change_url(draft)).content.decode()


def test_discarding(editor_client, draft):
    editor_client.post(autosave_url(draft), {"headline": "Typed", "edit_version": draft.version})
    editor_client.get(change_url(draft), {"discard_unsaved": "1"})
    assert not DraftBuffer.objects.exists()


def test_buffers_are_per_user(editor_client, second_editor_client, draft):
    editor_client.post(autosave_url(draft), {"headline": "Editor's words", "edit_version": 1})
    other_page = second_editor_client.get(change_url(draft)).content.decode()
    assert "You have unsaved changes" not in other_page


def test_only_those_who_may_edit_can_autosave(reporter_client, draft):
    response = reporter_client.post(autosave_url(draft), {"headline": "x", "edit_version": 1})
    assert response.status_code == 403
    assert not DraftBuffer.objects.exists()


def test_autosave_is_csrf_protected_and_post_only(editor, draft):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(autosave_url(draft), {"headline": "x", "edit_version": 1}).status_code == 403
    assert strict.get(autosave_url(draft)).status_code == 405
    assert not DraftBuffer.objects.exists()


def test_a_bad_version_is_a_clear_400(editor_client, draft):
    response = editor_client.post(autosave_url(draft), {"headline": "x", "edit_version": "abc"})
    assert response.status_code == 400


def test_a_restored_buffer_from_before_someone_elses_save_is_stale(
    editor_client, second_editor_client, draft
):
    editor_client.post(autosave_url(draft), {"headline": "Old typing", "edit_version": 1})
    second_editor_client.post(change_url(draft), change_form(draft, headline="Colleague's save"))
    restored = editor_client.get(change_url(draft), {"restore_unsaved": "1"})
    version = restored.context["adminform"].form["edit_version"].value()
    draft.refresh_from_db()
    response = editor_client.post(
        change_url(draft), change_form(draft, headline="Old typing", edit_version=str(version))
    )
    assert "changed this article" in response.content.decode()


def test_presence_tells_who_else_has_it_open(editor_client, make_user, draft):
    colleague = logged_in(make_user("editor", "ana"))
    colleague.get(change_url(draft))
    page = editor_client.get(change_url(draft)).content.decode()
    assert "ana has this article open too" in page
    reply = colleague.post(autosave_url(draft), {"headline": "x", "edit_version": 1}).json()
    assert reply["others"] == ["editor"]
