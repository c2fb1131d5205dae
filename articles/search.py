"""Reader search: PostgreSQL full-text with ranking, a plain fallback elsewhere.

On PostgreSQL each article keeps a weighted ``search_vector`` (headline A,
standfirst B, body C) with a GIN index; queries use web-search syntax
(``"exact phrase"``, ``-exclude``, ``or``), are ranked, and come back with
highlighted snippets. On SQLite every word must appear somewhere in the
headline, standfirst or body, newest first.
"""

import html
import re
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "english"
# Longer queries are cut here: no reader types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
MAX_FALLBACK_WORDS = 10
_WHITESPACE = re.compile(r"\s+")
# Private-use characters mark the highlights, so the snippet can be escaped
# as plain text and only then given its <mark> elements.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"


def _body_text() -> Func:
    """The body with its tags removed, so a snippet never cuts one in half."""
    return Func(
        F("body"),
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def highlighted_snippet(snippet: str) -> SafeString:
    """A ts_headline snippet as safe HTML with <mark> around the matches."""
    text = escape(html.unescape(snippet))
    return mark_safe(text.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>"))  # noqa: S308


def weighted_document() -> SearchVector:
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def update_search_vector(sender, instance, **_kwargs) -> None:
    """post_save: recompute the stored document from what was just saved."""
    if uses_full_text():
        sender.objects.filter(pk=instance.pk).update(search_vector=weighted_document())


def clean_query(raw: str) -> str:
    """The reader's query made safe to search and to show back.

    Drops control characters (NUL included, which PostgreSQL rejects),
    unpaired surrogates and other unassigned code points, folds runs of
    whitespace and caps the length. Letters of any script, RTL marks aside,
    and emoji are kept.
    """
    kept = []
    for char in raw[: MAX_QUERY_LENGTH * 4]:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Cn", "Co") or (category == "Cf" and char != "\u200d"):
            kept.append(" " if category == "Cc" else "")
            continue
        kept.append(char)
    return _WHITESPACE.sub(" ", "".join(kept)).strip()[:MAX_QUERY_LENGTH].strip()


def search_articles(published: QuerySet, query: str) -> QuerySet:
    """``published`` narrowed to ``query``, best match first."""
    if uses_full_text():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            published.filter(search_vector=search_query)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                snippet=SearchHeadline(
                    _body_text(),
                    search_query,
                    config=SEARCH_CONFIG,
                    start_sel=_MARK_START,
                    stop_sel=_MARK_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" \u2026 ",
                ),
            )
            .order_by("-rank", "-published_at", "-pk")
        )
    words = [word for word in (w.strip("\"'") for w in query.split()) if word]
    if not words:
        return published.none()
    matches = Q()
    for word in words[:MAX_FALLBACK_WORDS]:
        matches &= (
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return published.filter(matches)
