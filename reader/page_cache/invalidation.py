"""What renews which cached pages: only changes a reader can see.

A story's writes arrive as ``articles.signals.story_changed``; a draft, a
story in review or one scheduled for later touches nothing (but a scheduled
time is remembered, for the moment it comes due). Autosaves, presence,
revisions, share links, transition logs and sessions send nothing at all.
A live story that stops being live (withdrawn, deleted, moved back to the
schedule) is a legal kill: no copy of any page from before is served again.

A live story's updates arrive as ``articles.signals.live_updates_changed``
(never for a draft) and renew that story's own page, polling address,
update feed and API item only.

Changes to the people, places, topics and pictures a live story shows renew
those stories' pages; a change to the masthead's sections renews every page.
Each is done at once and again when the change is committed, so a page
rendered from the old rows in between is not kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from articles.models import Article, Author, Dateline, PublicFacts, Tag
from articles.signals import live_updates_changed, story_changed
from banners.models import Announcement
from images.models import Image, Rendition
from images.signals import renditions_ready

from . import local, purge, tokens
from .policy import path_token


def _now_and_on_commit(action: Callable[[], None]) -> None:
    action()
    transaction.on_commit(action)


def story_changed_receiver(
    sender, before: PublicFacts | None, after: PublicFacts | None, **kwargs
) -> None:
    # Any write may have scheduled, moved or published the next story due.
    tokens.remember_next_due()
    shown = [facts for facts in (before, after) if facts is not None and facts.is_live]
    if not shown:
        return
    if before is not None and before.is_live and not (after is not None and after.is_live):
        tokens.kill()
        if not connection.in_atomic_block:  # once committed (sent again then)
            purge.purge(purge.paths_showing(before))
    tokens.renew_stories(shown)


def _live_stories(condition: Q) -> list[PublicFacts]:
    stories = (
        Article.objects.published()
        .filter(condition)
        .distinct()
        .select_related("dateline")
        .prefetch_related("tags", "authors")
    )
    return [article.public_facts() for article in stories]


def _renew_sections_and_stories(section_tokens: Iterable[str], condition: Q) -> None:
    stories = _live_stories(condition)
    tokens.renew(
        [*section_tokens, *(t for facts in stories for t in tokens.tokens_of_story(facts))]
    )


def live_updates_receiver(sender, article: Article, **kwargs) -> None:
    """A live story's updates changed: renew its page, polling address, feed and item.

    Only those: a live day posts every few minutes, and the front page and
    the sections do not show the updates.
    """
    if not article.is_live or article.publication_date is None:
        return
    tokens.renew([path_token(article.publication_date, article.slug), f"story:{article.public_id}"])


# --- Authors, datelines and tags: their pages and the stories naming them -------
_SECTIONS: dict[type, tuple[str, str]] = {
    Author: ("author", "authors"),
    Dateline: ("dateline", "dateline"),
    Tag: ("tag", "tags"),
}


def _stored_slug_and_navigation(instance) -> tuple[str | None, bool]:
    stored = type(instance).objects.filter(pk=instance.pk).first() if instance.pk else None
    return (
        stored.slug if stored else None,
        bool(getattr(stored, "in_navigation", False)),
    )


class _BeforeSave(threading.local):
    """Per thread: a section's slug and place in the masthead before its save."""

    def __init__(self) -> None:
        self.stored: dict[tuple[type, int], tuple[str | None, bool]] = {}


_before_save = _BeforeSave()


def section_about_to_change(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw and instance.pk is not None:
        _before_save.stored[(sender, instance.pk)] = _stored_slug_and_navigation(instance)


def section_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    kind, lookup = _SECTIONS[sender]
    old_slug, was_in_navigation = _before_save.stored.pop((sender, instance.pk), (None, False))
    slugs = {instance.slug, old_slug} - {None}
    in_navigation = bool(getattr(instance, "in_navigation", False))

    def renew() -> None:
        if in_navigation or was_in_navigation:
            tokens.renew(["site"])
        _renew_sections_and_stories(
            [f"{kind}:{slug}" for slug in slugs], Q(**{lookup: instance.pk})
        )

    _now_and_on_commit(renew)


def section_about_to_go(sender, instance, **kwargs) -> None:
    """A deleted tag leaves its stories without a word: renew them once it is gone."""
    kind, lookup = _SECTIONS[sender]
    stories = _live_stories(Q(**{lookup: instance.pk}))
    names = [f"{kind}:{instance.slug}"]
    if getattr(instance, "in_navigation", False):
        names.append("site")
    story_tokens = [t for facts in stories for t in tokens.tokens_of_story(facts)]
    transaction.on_commit(lambda: tokens.renew([*names, *story_tokens]))


# --- Pictures -------------------------------------------------------------------
def image_changed(sender, instance, raw: bool = False, created: bool = False, **kwargs) -> None:
    """A picture's words or crops changed: renew the live stories that show it.

    A new picture is shown nowhere yet; new renditions of a picture in use
    arrive as ``renditions_ready`` (from the worker, or ``generate_renditions``).
    """
    image = instance.image if isinstance(instance, Rendition) else instance
    if raw or created:
        return
    condition = Q(lead_image=image.pk) | Q(social_image=image.pk) | Q(body__contains=image.uuid.hex)
    _now_and_on_commit(lambda: _renew_sections_and_stories([], condition))


def renditions_made(sender, image: Image, **kwargs) -> None:
    """A worker finished a picture's renditions: its pages can show them now."""
    condition = Q(lead_image=image.pk) | Q(social_image=image.pk) | Q(body__contains=image.uuid.hex)
    _renew_sections_and_stories([], condition)


# --- The banner --------------------------------------------------------------------
def announcement_changed(sender, **kwargs) -> None:
    """Pages in the shared cache know the banner's version from the same read;
    the processes' own copies of them must be told."""
    _now_and_on_commit(local.forget)


def connect() -> None:
    """Called from the reader's ready()."""
    uid = "reader.page_cache"
    story_changed.connect(story_changed_receiver, dispatch_uid=f"{uid}.story")
    live_updates_changed.connect(live_updates_receiver, dispatch_uid=f"{uid}.live")
    for model in _SECTIONS:
        name = model.__name__
        pre_save.connect(section_about_to_change, sender=model, dispatch_uid=f"{uid}.{name}.pre")
        post_save.connect(section_changed, sender=model, dispatch_uid=f"{uid}.{name}.post")
        pre_delete.connect(section_about_to_go, sender=model, dispatch_uid=f"{uid}.{name}.del")
    post_save.connect(image_changed, sender=Image, dispatch_uid=f"{uid}.Image.post")
    post_delete.connect(image_changed, sender=Rendition, dispatch_uid=f"{uid}.Rendition.del")
    renditions_ready.connect(renditions_made, dispatch_uid=f"{uid}.renditions_ready")
    post_save.connect(announcement_changed, sender=Announcement, dispatch_uid=f"{uid}.banner")
    post_delete.connect(announcement_changed, sender=Announcement, dispatch_uid=f"{uid}.banner.del")
