"""Corrections and notes: on the story, on /corrections/, never silently gone."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import corrections, revisions
from articles.models import Article, ArticleNote

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
Kind = ArticleNote.Kind


def test_an_editor_adds_a_correction_through_the_admin(editor_client, editor):
    article = ArticleFactory(headline="Mayor resigns")
    response = editor_client.post(
        reverse("admin:articles_articlenote_add"),
        {"article": article.pk, "kind": Kind.CORRECTION, "text": "The mayor is 54, not 45."},
    )
    assert response.status_code == 302
    note = ArticleNote.objects.get()
    article.refresh_from_db()
    assert note.created_by == editor
    # Linked to the revision it accompanies, which also moved the modified time.
    assert note.revision == revisions.versions_of(article.pk)[0].revision
    assert article.revised_at == note.created_at
    assert "Correction added" in note.revision.get_comment()


def test_notes_show_on_the_story_correction_at_top_others_at_foot(editor_client, editor):
    article = ArticleFactory()
    corrections.add_note(article, kind=Kind.CORRECTION, text="Wrong date fixed.", user=editor)
    corrections.add_note(article, kind=Kind.EDITORS_NOTE, text="Author is a donor.", user=editor)
    page = editor_client.get(article.get_absolute_url()).content.decode()
    correction, body, editors_note = (
        page.index("Wrong date fixed."),
        page.index('class="story__body"'),
        page.index("Author is a donor."),
    )
    assert correction < body < editors_note
    assert "Editor\u2019s note" in page
    assert "Updated <time" in page


def test_the_corrections_page_lists_newest_first(editor_client, editor):
    older = ArticleFactory(headline="Older story")
    newer = ArticleFactory(headline="Newer story")
    corrections.add_note(older, kind=Kind.CLARIFICATION, text="First note.", user=editor)
    corrections.add_note(newer, kind=Kind.UPDATE, text="Second note.", user=editor)
    page = editor_client.get(reverse("articles:corrections")).content.decode()
    assert page.index("Second note.") < page.index("First note.")
    assert 'href="' + newer.get_absolute_url() + '"' in page
    assert page.count("<h1") == 1


def test_removing_is_on_record_and_hides_the_note(editor_client, editor):
    article = ArticleFactory()
    note = corrections.add_note(article, kind=Kind.CORRECTION, text="Gone soon.", user=editor)
    # Readers have seen it, so both pages are in the page cache.
    assert "Gone soon." in editor_client.get(article.get_absolute_url()).content.decode()
    assert "Gone soon." in editor_client.get(reverse("articles:corrections")).content.decode()
    url = reverse("admin:articles_articlenote_remove", args=[note.pk])
    refused = editor_client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "This field is required" in refused.content.decode()
    assert editor_client.post(url, {"reason": "Duplicate of an earlier note."}).status_code == 302
    note.refresh_from_db()
    assert (note.removed_by, note.removal_reason) == (editor, "Duplicate of an earlier note.")
    assert note.removed_at is not None
    assert "Gone soon." not in editor_client.get(article.get_absolute_url()).content.decode()
    assert "Gone soon." not in editor_client.get(reverse("articles:corrections")).content.decode()
    listing = editor_client.get(reverse("admin:articles_articlenote_changelist")).content.decode()
    assert "Duplicate of an earlier note." in listing
    # There is no delete, for anyone.
    delete_url = reverse("admin:articles_articlenote_delete", args=[note.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ArticleNote.objects.filter(pk=note.pk).exists()


def test_notes_only_on_live_stories_and_only_by_editors(editor_client, reporter_client, reporter):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = editor_client.post(
        reverse("admin:articles_articlenote_add"),
        {"article": draft.pk, "kind": Kind.UPDATE, "text": "Too early."},
    )
    assert "Notes go on published stories" in response.content.decode()
    assert reporter_client.get(reverse("admin:articles_articlenote_add")).status_code == 403
    with pytest.raises(PermissionDenied):
        corrections.add_note(ArticleFactory(), kind=Kind.UPDATE, text="x", user=reporter)


def test_notes_on_scheduled_stories_stay_hidden(editor_client, editor):
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    ArticleNote.objects.create(
        article=scheduled, kind=Kind.UPDATE, text="Not yet", created_by=editor
    )
    assert "Not yet" not in editor_client.get(reverse("articles:corrections")).content.decode()
