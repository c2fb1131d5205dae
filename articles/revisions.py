"""An article's history: every save is a django-reversion revision.

A revision holds the article row and its byline rows, who saved it and
when. This module registers the models, lists an article's versions and
restores one as a new revision. A restore brings back the copy and the
credits; the state (draft, published...) and the clock stay as they are,
because only ``workflow`` moves an article between states. Showing two
versions side by side is the desk's business (``desk.history``).
"""

from __future__ import annotations

import reversion
from django.db import transaction
from reversion.models import Version

from . import editing
from .models import Article, ArticleAuthor

# Kept from the current article when restoring: the workflow's business.
KEPT_ON_RESTORE = ["status", "published_at", "embargo_until", "created_by_id", "created_at"]


def register_models() -> None:
    """Called from the app's ready(): revisions follow the byline rows."""
    if not reversion.is_registered(ArticleAuthor):
        reversion.register(ArticleAuthor)
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=["article_authors"])


def versions_of(article_pk: int):
    """The article's versions, newest first, with who saved them."""
    return (
        Version.objects.get_for_object_reference(Article, article_pk)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


@transaction.atomic
def restore(article: Article, version: Version, *, user) -> Article:
    """Bring back ``version``'s copy and credits as a new revision.

    The row is locked and its version counter bumped, so a form opened
    before the restore cannot silently overwrite it afterwards.
    """
    current = Article.objects.select_for_update().get(pk=article.pk)
    kept = {name: getattr(current, name) for name in KEPT_ON_RESTORE}
    with reversion.create_revision():
        version.revision.revert(delete=True)
        restored = Article.objects.get(pk=current.pk)
        for name, value in kept.items():
            setattr(restored, name, value)
        editing.note_substantive_revision(restored, current)
        restored.version = current.version + 1
        restored.last_edited_by = user
        restored.save()
        reversion.set_user(user)
        reversion.set_comment(
            f"Restored the version saved on {version.revision.date_created:%d %b %Y %H:%M}."
        )
    return restored
