"""The newsroom's domain models, one module per concern.

- ``taxonomy``: Author, Dateline, Tag: the people, places and topics stories name;
- ``visibility``: the states and the one rule of what readers may see;
- ``article``: Article and its byline rows (ArticleAuthor);
- ``records``: moves, wire versions, old addresses and public notes;
- ``desk_state``: autosave buffers and presence;
- ``live``: the updates of a story in live coverage.
"""

from .article import Article, ArticleAuthor, ArticleQuerySet, PublicFacts
from .desk_state import ArticleVisit, DraftBuffer
from .live import LiveUpdate, LiveUpdateQuerySet
from .records import (
    ArticleNote,
    ArticleNoteQuerySet,
    ArticleRedirect,
    ArticleTransition,
    SourceRevision,
)
from .taxonomy import Author, Dateline, Tag
from .visibility import Status, published_q, scheduled_q

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleNote",
    "ArticleNoteQuerySet",
    "ArticleQuerySet",
    "ArticleRedirect",
    "ArticleTransition",
    "ArticleVisit",
    "Author",
    "Dateline",
    "DraftBuffer",
    "LiveUpdate",
    "LiveUpdateQuerySet",
    "PublicFacts",
    "SourceRevision",
    "Status",
    "Tag",
    "published_q",
    "scheduled_q",
]
