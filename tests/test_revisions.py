"""Every save is a revision; any two can be compared; any one restored."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import revisions, workflow
from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, AuthorFactory, TagFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def save(client, article, **changes):
    article.refresh_from_db()
    response = client.post(change_url(article), change_form(article, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()


def plain_diff(html: str) -> str:
    """The diff's marked changes as bare <del>/<ins>, to read the words changed."""
    html = re.sub(r'<span class="diff-marker">[^<]*</span>', "", html)
    html = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
    return re.sub(r'<(del|ins) class="diff-(removed|added)">', r"<\1>", html)


def revision_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


@pytest.fixture
def edited_twice(editor_client):
    flood, storm = TagFactory(name="Flood"), TagFactory(name="Storm")
    article = ArticleFactory(
        status=Status.DRAFT, published_at=None, headline="River rises", byline=""
    )
    save(editor_client, article, body="<p>The river rose two metres.</p>", tags=[str(flood.pk)])
    save(
        editor_client,
        article,
        headline="River bursts its banks",
        body="<p>The river rose three metres overnight.</p>",
        byline="By the river desk",
        tags=[str(storm.pk)],
    )
    return article


def test_every_save_is_a_revision_with_who_and_state(editor_client, editor, edited_twice):
    versions = list(revisions.versions_of(edited_twice.pk))
    assert len(versions) == 2
    assert {v.revision.user for v in versions} == {editor}
    page = editor_client.get(reverse("admin:articles_article_history", args=[edited_twice.pk]))
    content = page.content.decode()
    assert content.count("<td>Draft</td>") == 2
    assert "editor" in content


def test_workflow_moves_are_revisions_too(editor):
    article = ArticleFactory(status=Status.REVIEW, published_at=None)
    workflow.transition(article, action="publish", user=editor, note="Legal cleared")
    (version,) = revisions.versions_of(article.pk)
    assert version.field_dict["status"] == Status.PUBLISHED
    assert "Legal cleared" in version.revision.get_comment()


def test_the_diff_is_readable(editor_client, edited_twice):
    _newest, oldest = revisions.versions_of(edited_twice.pk)
    page = plain_diff(editor_client.get(revision_url(edited_twice, oldest)).content.decode())
    assert "River <del>rises</del><ins>bursts its banks</ins>" in page
    assert (
        "rose <del>two</del><ins>three</ins> <del>metres.</del><ins>metres overnight.</ins>" in page
    )
    assert "<ins>By the river desk</ins>" in page
    assert "<del>Flood</del><ins>Storm</ins>" in page
    assert "Standfirst (unchanged)" in page


def test_restore_brings_back_the_text_as_a_new_revision(editor_client, edited_twice):
    _newest, oldest = revisions.versions_of(edited_twice.pk)
    before = edited_twice.version
    response = editor_client.post(revision_url(edited_twice, oldest))
    assert response.status_code == 302
    edited_twice.refresh_from_db()
    assert edited_twice.headline == "River rises"
    assert edited_twice.body == "<p>The river rose two metres.</p>"
    assert edited_twice.byline == ""
    assert [tag.name for tag in edited_twice.tags.all()] == ["Flood"]
    assert edited_twice.version == before + 1  # an open form from before is now stale
    history = list(revisions.versions_of(edited_twice.pk))
    assert len(history) == 3
    assert "Restored" in history[0].revision.get_comment()
    # Nothing was overwritten: the newer text is still in the history.
    assert history[1].field_dict["headline"] == "River bursts its banks"


def test_restore_keeps_the_state_and_the_bylines_of_the_revision(editor_client, editor):
    ana, sam = AuthorFactory(name="Ana"), AuthorFactory(name="Sam")
    article = ArticleFactory(status=Status.REVIEW, published_at=None, authors=[ana])
    save(editor_client, article, headline="First")
    workflow.transition(article, action="publish", user=editor)
    article.article_authors.all().delete()
    article.article_authors.create(author=sam, position=0)
    save(editor_client, article, headline="Second")

    first = list(revisions.versions_of(article.pk))[-1]
    editor_client.post(revision_url(article, first), {"confirmed": "yes"})  # a live story
    article.refresh_from_db()
    assert article.headline == "First"
    assert [link.author for link in article.ordered_authors] == [ana]
    assert article.status == Status.PUBLISHED  # restoring is not a workflow move


def test_reporters_cannot_restore_what_they_may_not_edit(reporter_client, edited_twice):
    oldest = list(revisions.versions_of(edited_twice.pk))[-1]
    assert reporter_client.post(revision_url(edited_twice, oldest)).status_code == 403
    edited_twice.refresh_from_db()
    assert edited_twice.headline == "River bursts its banks"


def test_a_deleted_article_can_be_recovered_by_an_editor(editor_client, edited_twice):
    editor_client.post(
        reverse("admin:articles_article_delete", args=[edited_twice.pk]), {"post": "yes"}
    )
    assert not Article.objects.exists()
    listing = editor_client.get(reverse("admin:articles_article_recoverlist"))
    assert "River bursts its banks" in listing.content.decode()

    deleted = Version.objects.get_deleted(Article).get()
    recover_url = reverse("admin:articles_article_recover", args=[deleted.pk])
    form = editor_client.get(recover_url)
    assert form.status_code == 200
    data = change_form(deleted._object_version.object)
    data["edit_version"] = str(deleted.field_dict["version"])
    assert editor_client.post(recover_url, data).status_code == 302
    assert Article.objects.get().headline == "River bursts its banks"


def test_a_recovered_published_article_comes_back_as_a_draft(editor_client):
    article = ArticleFactory(headline="Was live")
    article.refresh_from_db()
    editor_client.post(change_url(article), change_form(article, headline="Was live, edited"))
    editor_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).get()
    data = change_form(deleted._object_version.object)
    data["edit_version"] = str(deleted.field_dict["version"])
    recover_url = reverse("admin:articles_article_recover", args=[deleted.pk])
    assert editor_client.post(recover_url, data).status_code == 302
    recovered = Article.objects.get()
    assert (recovered.headline, recovered.status) == ("Was live, edited", Status.DRAFT)
    assert recovered not in Article.objects.published()


def test_reporters_cannot_recover(reporter_client, edited_twice):
    edited_twice.delete()
    assert reporter_client.get(reverse("admin:articles_article_recoverlist")).status_code == 403


def test_any_two_revisions_can_be_compared(editor_client, edited_twice):
    save(editor_client, edited_twice, headline="River recedes")
    _newest, middle, oldest = revisions.versions_of(edited_twice.pk)
    page = plain_diff(
        editor_client.get(
            revision_url(edited_twice, oldest), {"against": middle.pk}
        ).content.decode()
    )
    assert "River <del>rises</del><ins>bursts its banks</ins>" in page
    assert "recedes" not in page.split("revision-diff__table")[1]


def test_a_reporters_restore_never_sets_what_only_editors_may(
    editor_client, reporter, reporter_client
):
    """A front-page place once came back with a reporter's restore."""
    article = ArticleFactory(
        status=Status.DRAFT, published_at=None, headline="Pinned once", created_by=reporter
    )
    save(editor_client, article, front_page_position="1")
    save(editor_client, article, headline="Unpinned", front_page_position="")
    pinned = list(revisions.versions_of(article.pk))[-1]
    assert pinned.field_dict["front_page_position"] == 1

    assert reporter_client.post(revision_url(article, pinned)).status_code == 302

    article.refresh_from_db()
    assert article.headline == "Pinned once"  # the copy is back...
    assert article.front_page_position is None  # ...the editor's pin is not


def test_recovering_a_deleted_article_is_a_logged_move(editor_client, editor, edited_twice):
    editor_client.post(
        reverse("admin:articles_article_delete", args=[edited_twice.pk]), {"post": "yes"}
    )
    deleted = Version.objects.get_deleted(Article).get()
    data = change_form(deleted._object_version.object)
    data["edit_version"] = str(deleted.field_dict["version"])
    editor_client.post(reverse("admin:articles_article_recover", args=[deleted.pk]), data)

    recovered = Article.objects.get()
    (move,) = recovered.transitions.all()
    assert (move.action, move.to_status, move.user) == ("recover", Status.DRAFT, editor)
    page = editor_client.get(change_url(recovered)).content.decode()
    assert "Recover deleted article: Draft → Draft" in page  # listed with the other moves
