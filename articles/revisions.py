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
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from reversion.models import Version

from . import editing, workflow
from .models import Article, ArticleAuthor, Author, Tag

# What a restore brings back: the copy and credits the history shows. Not
# the state or the clock (the workflow's), nor the address or the front-page
# place, which a restore must never move behind anyone's back.
RESTORED_FIELDS = ("headline", "standfirst", "body", "byline", "dateline")


def register_models() -> None:
    """Called from the app's ready(): revisions follow the byline rows.

    The search vector is left out: the database derives it from the copy,
    and a story loaded without it would cost a query to fetch it back.
    """
    if not reversion.is_registered(ArticleAuthor):
        reversion.register(ArticleAuthor)
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=["article_authors"], exclude=["search_vector"])


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

    Only ``RESTORED_FIELDS``, the tags and the byline rows change, and only
    those ``user`` may change (``workflow.fields_closed_to``), so a restore
    can never set what its user could not set by hand. It is a desk edit
    like any other (``editing.save_edit``): locked, versioned, in the history.
    """
    current = editing.current_version(article.pk, lock=True)
    old = version.field_dict
    closed = set(workflow.fields_closed_to(user))
    columns = {field.name: field.attname for field in Article._meta.concrete_fields}
    for name in RESTORED_FIELDS:
        if name not in closed:
            setattr(current, columns[name], old[columns[name]])
    if "tags" not in closed:
        current.tags.set(Tag.objects.filter(pk__in=old.get("tags", [])))
    if "authors" not in closed:
        _restore_credits(current, version)
    when = f"{version.revision.date_created:%d %b %Y %H:%M}"
    return editing.save_edit(
        current,
        user=user,
        expected_version=current.version,
        comment=f"Restored the version saved on {when}.",
    )


def _restore_credits(article: Article, version: Version) -> None:
    """The byline rows as they were in ``version``'s revision (authors since deleted left out)."""
    credit_type = ContentType.objects.get_for_model(ArticleAuthor)
    credits = [
        credit.field_dict
        for credit in version.revision.version_set.filter(content_type=credit_type)
    ]
    existing = set(
        Author.objects.filter(pk__in=[c["author_id"] for c in credits]).values_list("pk", flat=True)
    )
    article.article_authors.all().delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(
            article=article, author_id=c["author_id"], position=c["position"], role=c["role"]
        )
        for c in credits
        if c["author_id"] in existing
    )
