"""Wire copy into articles: one ninjs item at a time, under the workflow's rules.

An item is matched to an article by its ``uri``. A newer ``versionCreated``
updates the article and records a ``SourceRevision``; an older or equal one
changes nothing, so importing the same feed twice is harmless. New articles
are drafts; publishing goes through ``workflow.transition`` like any button
in the admin, so embargoes and permissions hold for imports too.
"""

from __future__ import annotations

import enum

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles import editing, roles, workflow
from articles.models import Article, Dateline, SourceRevision, Tag
from articles.slugs import latin_slug

from .ninjs import NinjsError, WireItem, ninjs_time


class Outcome(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def _is_newer(item: WireItem, article: Article) -> bool:
    """Only a version strictly newer than the one stored may change the article."""
    if item.version_created is None:
        return False
    stored = article.source_version_created
    return stored is None or item.version_created > stored


def dateline_for(located: str) -> Dateline | None:
    """``Grossetto, Italy`` → the dateline Grossetto (country Italy), made when new."""
    if not located:
        return None
    name, _, country = located.rpartition(", ") if ", " in located else (located, "", "")
    existing = Dateline.objects.filter(name__iexact=name, country__iexact=country).first()
    if existing:
        return existing
    return Dateline.objects.create(
        name=name, country=country, slug=_free_slug(Dateline, latin_slug(located) or "place")
    )


def tags_for(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        # ASCII slugs only: tag URLs accept nothing else.
        slug = latin_slug(name)[:100]
        tag = Tag.objects.filter(slug=slug).first() if slug else None
        if tag is None:
            tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=_free_slug(Tag, slug or "subject"))
        tags.append(tag)
    return tags


WIRE_DESK_USERNAME = "wire-desk"


def wire_desk_account():
    """The service account imports act as when no person is named.

    Made once, in the Editors group, with an unusable password: it appears
    in every imported article's history, and its powers are the group's, so
    an administrator can narrow them like anyone else's.
    """
    user_model = get_user_model()
    account, created = user_model.objects.get_or_create(
        username=WIRE_DESK_USERNAME, defaults={"first_name": "Wire", "last_name": "desk"}
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
        account.groups.add(Group.objects.get(name=roles.EDITORS))
    return account


def _free_slug(model, base: str, **scope) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken in ``scope``."""
    max_length = model._meta.get_field("slug").max_length
    candidate, number = base[:max_length], 1
    while model.objects.filter(slug=candidate, **scope).exists():
        number += 1
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
    return candidate


def may_import(user) -> bool:
    """Whoever imports wire copy adds articles, so needs the right to add them."""
    return bool(user and user.is_active and user.has_perm("articles.add_article"))


def _apply(article: Article, item: WireItem) -> None:
    article.headline = item.headline
    article.standfirst = item.standfirst
    article.body = item.body_html
    article.byline = item.byline
    article.language = item.language
    article.dateline = dateline_for(item.located)
    article.source_version_created = item.version_created
    article.wire_status = item.pub_status
    if item.embargoed_until is not None:
        # The agency's embargo; without one, an embargo the desk set stays.
        article.embargo_until = item.embargoed_until


@transaction.atomic
def import_item(item: WireItem, *, user, publish: bool = False) -> Outcome:
    """Create or update the article for ``item`` on behalf of ``user``.

    Raises ``NinjsError`` (or the workflow's ``TransitionNotAllowed``/
    ``EmbargoInForce``) when the item may not be stored; nothing is kept then.
    Each import is an article revision, as a save at the desk is: it shows in
    the history, and a form opened before it is refused as stale.
    """
    with reversion.create_revision():
        article = Article.objects.select_for_update().filter(source_uri=item.uri).first()
        if article is None:
            if not may_import(user):
                raise PermissionDenied(f"{user} may not add articles.")
            article = _create(item, user=user)
            outcome = Outcome.CREATED
            note = f"Imported from {item.uri}" + _version_words(item)
        elif _is_newer(item, article):
            if not workflow.can_edit(article, user):
                raise NinjsError(f"{user} may not edit the existing article {article.pk}")
            was = (
                f" (was {ninjs_time(article.source_version_created)})"
                if article.source_version_created
                else ""
            )
            _apply(article, item)
            editing.save_edit(article, user=user, expected_version=None)
            outcome = Outcome.UPDATED
            note = f"Updated from {item.uri}{_version_words(item)}{was}"
        else:
            return Outcome.UNCHANGED
        article.tags.set(tags_for(item.subjects))
        if item.withheld:
            note += _withhold(article, item, user=user)
        elif publish and workflow.can(user, workflow.Action.PUBLISH, article):
            embargo_ends = _embargo_time(article, item)
            try:
                workflow.transition(
                    article,
                    # Publish is for now; the end of an embargo still to come is scheduled.
                    action=workflow.Action.SCHEDULE if embargo_ends else workflow.Action.PUBLISH,
                    user=user,
                    note="Scheduled on import for the end of the agency's embargo"
                    if embargo_ends
                    else "Published on import",
                    publish_at=embargo_ends,
                )
            except workflow.NotReadyToPublish as not_ready:
                # Kept for the desk to finish, with what it lacks on record.
                note += ", not published: " + " ".join(not_ready.messages)
            else:
                note += ", and scheduled for its embargo" if embargo_ends else ", and published"
        reversion.set_comment(note)  # after the move, whose own comment it replaces
        SourceRevision.objects.create(
            article=article, version_created=item.version_created, note=note, user=user
        )
    # Mark the moment of import last, so later edits by the desk are
    # recognisable (``ninjs.version_created``).
    Article.objects.filter(pk=article.pk).update(source_imported_at=F("updated_at"))
    return outcome


def _withhold(article: Article, item: WireItem, *, user) -> str:
    """The agency withheld or canceled the item: a story published from it is withdrawn.

    Scheduled stories too, before they go out. Returns words for the history.
    """
    if article.status != Article.Status.PUBLISHED:
        return f", {item.pub_status} by the agency (cannot be published)"
    if not workflow.can(user, workflow.Action.WITHDRAW, article):
        raise NinjsError(
            f"the agency marked it {item.pub_status}, and {user} may not withdraw the "
            f"published article {article.pk}; an editor must"
        )
    workflow.transition(
        article,
        action=workflow.Action.WITHDRAW,
        user=user,
        note=f"Withdrawn on import: the agency marked the item {item.pub_status}.",
    )
    return f", {item.pub_status} by the agency, and withdrawn"


def _embargo_time(article: Article, item: WireItem):
    """When an imported story may go out: at the agency's embargo if that is later."""
    embargo = item.embargoed_until
    if embargo is None or embargo <= max(article.published_at or timezone.now(), timezone.now()):
        return None
    return embargo


def _version_words(item: WireItem) -> str:
    return f", version of {ninjs_time(item.version_created)}" if item.version_created else ""


def _create(item: WireItem, *, user) -> Article:
    published_at = item.first_created or item.version_created or timezone.now()
    article = Article(source_uri=item.uri, published_at=published_at)
    if item.public_id and not Article.objects.filter(public_id=item.public_id).exists():
        article.public_id = item.public_id
    _apply(article, item)
    day = timezone.localdate(published_at)
    article.slug = _free_slug(
        Article, latin_slug(item.headline)[:200] or "wire-story", publication_date=day
    )
    editing.save_edit(article, user=user, expected_version=None)
    if item.content_created:
        Article.objects.filter(pk=article.pk).update(created_at=item.content_created)
        article.created_at = item.content_created
    return article
