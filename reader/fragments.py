"""Rendered pieces of the reader's pages, kept by the story's version.

A page that renders (the page cache is off, or its copy is out of date)
need not render everything again: a story's text with its byline, notes,
pictures and topics, its related stories, a story's card in a list, the
masthead's sections, the front page's topic blocks, a date archive's
calendar and a page of search results are kept in the shared cache. Each
piece is kept under a key naming what it was made from (a story's id, edit
version and last change; the release, the language and the time zone) and
carries the versions of the page-cache tokens (``reader.page_cache.tokens``)
it depends on when it was made. One cache read brings the pieces a page
needs, the tokens' current versions, the next due time and the banner's
record; a piece is used only when none of its tokens has been renewed since
and no kill came after it. So a renamed author, a corrected note, a story
coming due or a withdrawn story is never shown from an old piece: the
change renewed the tokens the piece depends on.

The database is still asked what the page shows (a story must still be
published, a list still holds the stories it holds); only turning those
rows into HTML is saved.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from banners.state import RECORD_CACHE_KEY, banner_state

from .db_router import reading_public_page
from .page_cache.policy import path_token
from .page_cache.tokens import (
    DUE_KEY,
    KILL_KEY,
    catch_up_with_the_clock,
    renewed_since,
    token_key,
)

KEY_PREFIX = "fr:"
# How long an unused piece stays: long, as every change renews its tokens.
KEEP_SECONDS = 6 * 60 * 60
# The fragments this request fetched, for template tags of the shared layout.
REQUEST_ATTRIBUTE = "_newsroom_fragments"
# Folders that hold no code a page is rendered with.
RELEASE_IGNORES = frozenset(
    {
        ".git",
        ".venv",
        "backups",
        "benchmarks",
        "media",
        "node_modules",
        "staticfiles",
        "test-artifacts",
        "tests",
        "var",
    }
)


@dataclass(frozen=True)
class Piece:
    """A piece of a page: its key and the tokens whose renewal outdates it."""

    key: str
    tokens: tuple[str, ...]
    keep_seconds: int = KEEP_SECONDS


@functools.cache
def release() -> str:
    """What this code renders with: a digest of the project's templates,
    translations and Python, so a deploy never reuses another release's pieces
    (old and new processes side by side during a rolling deploy included)."""
    digest = hashlib.sha256()
    for path in sorted(_rendering_sources()):
        digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _rendering_sources() -> Iterator[Path]:
    for folder, subfolders, files in os.walk(settings.BASE_DIR):
        subfolders[:] = [name for name in subfolders if name not in RELEASE_IGNORES]
        for name in files:
            if name.endswith((".py", ".html", ".mo")):
                yield Path(folder, name)


def piece(
    *parts: Any,
    tokens: Iterable[str],
    keep_seconds: int = KEEP_SECONDS,
    rendering: str | None = None,
) -> Piece:
    """A piece named by ``parts``, in this release, language and time zone.

    ``rendering`` is ``current_rendering()``, passed when the caller names
    many pieces at once (a list's cards): reading the active language and
    time zone costs about 10 µs each time.
    """
    return Piece(
        key=KEY_PREFIX + ":".join([*map(str, parts), rendering or current_rendering()]),
        tokens=("site", *sorted(set(tokens))),
        keep_seconds=keep_seconds,
    )


def current_rendering() -> str:
    """The end of a piece's key: the release, the language and the time zone."""
    return _rendered_for(release(), get_language(), timezone.get_current_timezone())


@functools.lru_cache(maxsize=64)
def _rendered_for(code: str, language: str, zone: datetime.tzinfo) -> str:
    return f"{code}:{language}:{zone}"


def navigation_piece() -> Piece:
    """The masthead's sections (names and addresses): renewed with the site token."""
    return piece("nav", tokens=())


def address_tokens(article) -> list[str]:
    """What a published story's own pieces depend on: its page's token."""
    return address_tokens_at(article.publication_date, article.slug)


def address_tokens_at(day, slug: str) -> list[str]:
    """The token of the story page at ``day``/``slug``."""
    # A published story always has its date; without one, any change renews it.
    return [path_token(day, slug)] if day is not None else ["latest"]


def story_version(article) -> str:
    """What a story's pieces are kept by: its id, edit version and last change."""
    changed = article.updated_at.timestamp() if article.updated_at else 0
    return f"{article.pk}.{article.version}.{changed:.6f}"


class Fragments:
    """The pieces one page needs, read from the shared cache in one round trip."""

    def __init__(self, pieces: dict[str, Piece], request: HttpRequest | None = None):
        self.pieces = dict(pieces)
        self._to_keep: dict[int, dict[str, tuple]] | None = None
        if request is not None:
            self.pieces.setdefault("navigation", navigation_piece())
        tokens = {token for p in self.pieces.values() for token in p.tokens}
        keys = [p.key for p in self.pieces.values()]
        keys += [token_key(token) for token in tokens] + [KILL_KEY, DUE_KEY]
        if request is not None:
            keys.append(RECORD_CACHE_KEY)
        self.values = cache.get_many(keys)
        # A scheduled story that went live since is no write: what shows it
        # is renewed now, as the page cache does, before any piece is judged.
        if catch_up_with_the_clock(self.values.get(DUE_KEY)):
            self.values = cache.get_many(keys)
        if request is not None:
            # The banner's record came with the pieces: no second read for it.
            banner_state(request, self.values.get(RECORD_CACHE_KEY))
            setattr(request, REQUEST_ATTRIBUTE, self)

    def _versions(self, wanted: Piece) -> tuple:
        return (
            *(self.values.get(token_key(token)) for token in wanted.tokens),
            self.values.get(KILL_KEY),
        )

    def _renewed_lately(self, wanted: Piece) -> bool:
        """Did a token of ``wanted`` change within the read replica's lag?"""
        threshold = time.time() - settings.NEWSROOM_REPLICA_LAG_SECONDS
        return any((renewed_since(version) or 0) > threshold for version in self._versions(wanted))

    def fetch(self, pieces: dict[str, Piece]) -> None:
        """Read ``pieces`` too (and the tokens not read yet), in one more round trip.

        For a page that learns which pieces it needs from a piece it read
        first (a list's rows, then their cards).
        """
        read = {token for p in self.pieces.values() for token in p.tokens}
        self.pieces.update(pieces)
        tokens = {token for p in pieces.values() for token in p.tokens} - read
        keys = [p.key for p in pieces.values()] + [token_key(token) for token in tokens]
        if keys:
            self.values.update(cache.get_many(keys))

    def kept(self, name: str) -> tuple[bool, Any]:
        """``(True, value)`` if the piece ``name`` is kept and still true;
        else ``(False, None)``."""
        wanted = self.pieces[name]
        kept = self.values.get(wanted.key)
        if not isinstance(kept, tuple) or len(kept) != 2 or kept[0] != self._versions(wanted):
            return False, None
        return True, kept[1]

    def has(self, name: str) -> bool:
        """Is the piece ``name`` kept and still true?"""
        return self.kept(name)[0]

    def making(self, name: str):
        """Where the piece ``name`` is to be made: from the primary when what it
        shows just changed, as the page cache does for a page (a replica a
        moment behind would keep the old)."""
        wanted = self.pieces[name]
        return reading_public_page(allowed=False) if self._renewed_lately(wanted) else nullcontext()

    def keep(self, name: str, value: Any) -> None:
        """Keep ``value`` as the piece ``name`` for the next page.

        It is labelled with the tokens' versions read before it was made: a
        change made meanwhile outdates what is kept, never the other way round.
        """
        wanted = self.pieces[name]
        kept = (self._versions(wanted), value)
        if self._to_keep is not None:
            self._to_keep.setdefault(wanted.keep_seconds, {})[wanted.key] = kept
        else:
            cache.set(wanted.key, kept, timeout=wanted.keep_seconds)

    def value(self, name: str, make: Callable[[], Any]) -> Any:
        """The piece ``name``: as kept, or made now and kept for the next page."""
        found, value = self.kept(name)
        if found:
            return value
        with self.making(name):
            value = make()
        self.keep(name, value)
        return value

    @contextmanager
    def kept_together(self) -> Iterator[None]:
        """Pieces made inside are written to the cache at once when it ends."""
        self._to_keep = {}
        try:
            yield
        finally:
            batches, self._to_keep = self._to_keep, None
            for seconds, pieces in batches.items():
                cache.set_many(pieces, timeout=seconds)

    def html(self, name: str, render: Callable[[], str]) -> SafeString:
        """``value`` for a piece of HTML our own templates rendered (escaped then)."""
        return mark_safe(self.value(name, lambda: str(render())))  # noqa: S308


def fetched_for(request: HttpRequest | None) -> Fragments | None:
    """The pieces this request's view fetched, if it fetched any."""
    return getattr(request, REQUEST_ATTRIBUTE, None) if request is not None else None
