"""The one write path for desk edits: versioned, and never the workflow's state."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import editing, workflow
from articles.models import Article
from distribution.ninjs import parse_item
from distribution.wire_import import import_item

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def test_an_edit_never_writes_the_state(editor):
    article = ArticleFactory(status=Status.PUBLISHED)
    stale = Article.objects.get(pk=article.pk)
    workflow.transition(article, action=workflow.Action.WITHDRAW, user=editor)

    stale.headline = "Edited after the withdrawal"
    stale.status = Status.PUBLISHED  # what the stale copy still believes
    editing.save_edit(stale, user=editor, expected_version=None)

    article.refresh_from_db()
    assert article.headline == "Edited after the withdrawal"
    assert article.status == Status.WITHDRAWN


def test_every_workflow_move_bumps_the_version(editor):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    versions = [article.version]
    for action in ("submit", "publish", "withdraw", "redraft"):
        workflow.transition(article, action=action, user=editor)
        article.refresh_from_db()
        versions.append(article.version)
    assert versions == [1, 2, 3, 4, 5]


def test_a_save_against_an_older_version_is_refused(editor):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    editing.save_edit(article, user=editor, expected_version=1)
    with pytest.raises(editing.StaleEdit):
        editing.save_edit(Article.objects.get(pk=article.pk), user=editor, expected_version=1)


WIRE_ITEM = {
    "uri": "urn:example:wire:1",
    "versionCreated": "2024-05-01T12:00:00Z",
    "headline": "Wire story",
    "body_html": "<p>From the agency.</p>",
}


def test_importing_wire_copy_needs_the_right_to_add_articles():
    """Checked where items are imported, not only by the command."""
    outsider = UserFactory(username="outsider", is_staff=True)
    with pytest.raises(PermissionDenied):
        import_item(parse_item(WIRE_ITEM), user=outsider)
    assert not Article.objects.exists()
