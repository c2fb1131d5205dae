"""Changes made to many stories at once from the desk's list: tags and assignments.

Each story is changed on its own, through ``editing.save_edit`` (locked,
versioned, recorded as a revision with what was done), and only if the user
may: what was refused is returned with the reason, the rest is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from . import editing, workflow
from .models import Article, Tag


@dataclass
class Outcome:
    changed: list[Article] = field(default_factory=list)
    unchanged: list[Article] = field(default_factory=list)
    refused: list[tuple[Article, str]] = field(default_factory=list)


def _each(
    articles: Iterable[Article],
    *,
    user,
    may: Callable[[Article], str | None],
    change: Callable[[Article], bool],
    comment: str,
) -> Outcome:
    outcome = Outcome()
    for article in articles:
        reason = may(article)
        if reason:
            outcome.refused.append((article, reason))
            continue
        with transaction.atomic(), reversion.create_revision():
            locked = editing.current_version(article.pk, lock=True)
            if not change(locked):
                outcome.unchanged.append(locked)
                continue
            editing.save_edit(locked, user=user, expected_version=locked.version, comment=comment)
        outcome.changed.append(locked)
    return outcome


def _may_edit(user) -> Callable[[Article], str | None]:
    def check(article: Article) -> str | None:
        return None if workflow.can_edit(article, user) else _("you may not edit it")

    return check


def add_tag(articles: Iterable[Article], tag: Tag, *, user) -> Outcome:
    def change(article: Article) -> bool:
        if article.tags.filter(pk=tag.pk).exists():
            return False
        article.tags.add(tag)
        return True

    comment = _("Tag added: %(tag)s.") % {"tag": tag.name}
    return _each(articles, user=user, may=_may_edit(user), change=change, comment=comment)


def remove_tag(articles: Iterable[Article], tag: Tag, *, user) -> Outcome:
    def change(article: Article) -> bool:
        if not article.tags.filter(pk=tag.pk).exists():
            return False
        article.tags.remove(tag)
        return True

    comment = _("Tag removed: %(tag)s.") % {"tag": tag.name}
    return _each(articles, user=user, may=_may_edit(user), change=change, comment=comment)


def assign(articles: Iterable[Article], colleague, *, user) -> Outcome:
    """Hand each story to ``colleague`` (None: to nobody); editors only."""

    def may(article: Article) -> str | None:
        return None if workflow.is_editor(user) else _("only editors assign stories")

    def change(article: Article) -> bool:
        if article.assigned_to_id == (colleague.pk if colleague else None):
            return False
        article.assigned_to = colleague
        return True

    name = colleague.get_username() if colleague else _("nobody")
    comment = _("Assigned to %(name)s.") % {"name": name}
    return _each(articles, user=user, may=may, change=change, comment=comment)
