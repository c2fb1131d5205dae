"""Tell the apps above the domain when what readers can see of a story changes.

Every write to a story, by any path (the desk, imports, commands, scripts),
passes through the model signals connected here. Before the first write to
a story in a transaction its ``PublicFacts`` are read; ``story_changed`` is
then sent with the facts before and after: at once, and again when the
transaction commits. The early send keeps one process (and a test, whose
transaction never commits) consistent; the send on commit repairs any page
that another request rendered from the old data in between.

Writes that bypass model signals (``QuerySet.update``) call ``touching``
before and ``touched`` after themselves.

Drafts, stories in review and stories scheduled for later are reported too
(``before`` and ``after`` both not live): receivers decide what matters, so
the domain holds no idea of pages or caches.
"""

from __future__ import annotations

import threading
from weakref import WeakKeyDictionary

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .models import Article, ArticleAuthor, ArticleNote, PublicFacts
from .signals import story_changed


class _Pending(threading.local):
    """This thread's open transaction, and each touched story's facts before it."""

    def __init__(self) -> None:
        self.transaction: object | None = None
        self.before: dict[int, PublicFacts | None] = {}
        self.m2m_articles: list[int] = []


_pending = _Pending()
# One token per outermost atomic block: a rolled-back transaction leaves
# nothing behind for the next one.
_transaction_tokens: WeakKeyDictionary[object, object] = WeakKeyDictionary()


def _current_transaction() -> object | None:
    if not connection.in_atomic_block:
        return None
    outermost = connection.atomic_blocks[0]
    return _transaction_tokens.setdefault(outermost, object())


def facts_now(article_pk: int) -> PublicFacts | None:
    """The stored story's public facts (one query, three if published), or None."""
    article = Article.objects.select_related("dateline").filter(pk=article_pk).first()
    return article.public_facts() if article else None


def touching(article_pk: int | None) -> None:
    """Call before writing to a story: remembers its facts as they were."""
    if article_pk is None:
        return
    current = _current_transaction()
    if current is None or current is not _pending.transaction:
        _pending.transaction, _pending.before = current, {}
    if article_pk in _pending.before:
        return
    _pending.before[article_pk] = facts_now(article_pk)
    if current is not None:
        transaction.on_commit(lambda: _send_on_commit(article_pk))


def touched(article_pk: int, *, deleted: bool = False) -> None:
    """Call after writing to a story: tells receivers now (and on commit, once more)."""
    before = _pending.before.get(article_pk)
    after = None if deleted else facts_now(article_pk)
    story_changed.send(sender=Article, before=before, after=after)
    if _current_transaction() is None:
        _pending.before.pop(article_pk, None)


def _send_on_commit(article_pk: int) -> None:
    before = _pending.before.pop(article_pk, None)
    story_changed.send(sender=Article, before=before, after=facts_now(article_pk))


# --- Receivers: every write to a story or to what hangs off it ----------------
def _before_article_save(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:
        touching(instance.pk)


def _after_article_save(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:
        touching(instance.pk)  # a new story had nothing to remember; watch its commit
        touched(instance.pk)


def _before_article_delete(sender, instance: Article, **kwargs) -> None:
    touching(instance.pk)


def _after_article_delete(sender, instance: Article, **kwargs) -> None:
    touched(instance.pk, deleted=True)


def _before_part_change(sender, instance, raw: bool = False, **kwargs) -> None:
    """A byline row or a public note is about to change."""
    if not raw:
        touching(instance.article_id)


def _after_part_change(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        touched(instance.article_id)


def _tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """Article.tags, changed from the article's side or the tag's (``tag.articles``)."""
    if action.startswith("pre_"):
        if not reverse:
            _pending.m2m_articles = [instance.pk]
        elif action == "pre_clear":
            _pending.m2m_articles = list(instance.articles.values_list("pk", flat=True))
        else:
            _pending.m2m_articles = list(pk_set or [])
        for article_pk in _pending.m2m_articles:
            touching(article_pk)
    elif action.startswith("post_"):
        for article_pk in _pending.m2m_articles:
            touched(article_pk)


def connect() -> None:
    """Called from the app's ready()."""
    uid = "articles.changes"
    pre_save.connect(_before_article_save, sender=Article, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(_after_article_save, sender=Article, dispatch_uid=f"{uid}.post_save")
    pre_delete.connect(_before_article_delete, sender=Article, dispatch_uid=f"{uid}.pre_delete")
    post_delete.connect(_after_article_delete, sender=Article, dispatch_uid=f"{uid}.post_delete")
    for part in (ArticleAuthor, ArticleNote):
        name = part.__name__
        pre_save.connect(_before_part_change, sender=part, dispatch_uid=f"{uid}.{name}.pre")
        pre_delete.connect(_before_part_change, sender=part, dispatch_uid=f"{uid}.{name}.pre_d")
        post_save.connect(_after_part_change, sender=part, dispatch_uid=f"{uid}.{name}.post")
        post_delete.connect(_after_part_change, sender=part, dispatch_uid=f"{uid}.{name}.post_d")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid=f"{uid}.tags")
