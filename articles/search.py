"""The search index: PostgreSQL full-text with ranking, a plain fallback elsewhere.

On PostgreSQL each article keeps a weighted ``search_vector`` (headline A;
standfirst, byline, dateline and authors' names B; body C) with a GIN
index. The database writes it with the row (triggers, migration
``0012_search_vector_kept_by_database``), so stories inserted in bulk or
imported are found at once. Queries use web-search syntax (``"exact
phrase"``, ``-exclude``, ``or``), rebuilt with bounded terms
(``web_search_text``); the newest ``RANK_WINDOW`` matches are ranked
(ranking reads each matching document, so ranking all 90,000 matches of a
common word would cost seconds), and they come back with snippets marked
around the matches. On SQLite every word must appear somewhere in the
headline, standfirst, body, an author's name or the dateline, with a crude
English stemmer. The same syntax is understood there too, a match in the
headline ranks above one in the standfirst, above one in the body (the
reader's site cuts snippets from the body text there).
"""

from __future__ import annotations

import json
import re
import unicodedata

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, connections, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)

SEARCH_CONFIG = "english"
# How many of the newest matches are ranked for the reader's search.
RANK_WINDOW = 1_000
# How many of the newest stories holding all of a query's words are tested
# for its phrases and exclusions.
CANDIDATE_WINDOW = 2_000
# What reading one stored document costs against touching one match in a
# bitmap scan (measured at 100,000 stories: about 20 µs and 2.5 µs).
DOCUMENT_COST, MATCH_COST = 8.0, 1.0
BITMAP_SCANS_ONLY = "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off"
ANY_SCANS = "SET LOCAL enable_indexscan = on; SET LOCAL enable_seqscan = on"
# Longer queries are cut here: no reader types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
MAX_FALLBACK_WORDS = 10
# What reaches the database's query parser at most: this many terms (words
# and phrases, excluded ones too) in at most this many "or" groups.
MAX_SEARCH_TERMS = 20
MAX_SEARCH_GROUPS = 5
_WORD_CHARACTER = re.compile(r"\w")
WHITESPACE = re.compile(r"\s+")
# Private-use characters mark the highlights in snippets, so the reader's
# site can escape a snippet as plain text and only then add its <mark>s.
MARK_START, MARK_STOP = "\ue000", "\ue001"


# Snippets are cut from the body's beginning only: marking the matches in a
# 1,500-word body costs a millisecond a story, and a news story's first few
# hundred words say what it is about.
SNIPPET_SOURCE_CHARACTERS = 3_000


def _body_text() -> Func:
    """The body's beginning with its tags removed, so a snippet never cuts one in half."""
    return Func(
        Func(F("body"), Value(1), Value(SNIPPET_SOURCE_CHARACTERS), function="substr"),
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


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
    return WHITESPACE.sub(" ", "".join(kept)).strip()[:MAX_QUERY_LENGTH].strip()


def search_articles(published: QuerySet, query: str) -> QuerySet:
    """``published`` narrowed to ``query``, best match first.

    On PostgreSQL only the newest ``RANK_WINDOW`` matches are ranked
    (``newest_matches``), so ranking and snippets cost the same for a rare
    word as for the commonest. Nothing counts all the matches.
    """
    if uses_full_text():
        text = web_search_text(query)
        if not text:
            return published.none()
        search_query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        newest = newest_matches(published, query, search_query)
        return (
            published.filter(pk__in=newest)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                snippet=SearchHeadline(
                    _body_text(),
                    search_query,
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" \u2026 ",
                ),
            )
            .order_by("-rank", "-published_at", "-pk")
        )
    return _fallback_search(published, query)


def newest_matches(published: QuerySet, query: str, search_query: SearchQuery) -> list[int]:
    """The ids of the newest ``RANK_WINDOW`` stories matching ``query``, newest first.

    Two ways to find them, chosen by the planner's estimate of the matches
    (``_walks``): walking the publication-time index newest first and
    testing each story's document (several kilobytes, stored out of line:
    about 20 µs a story), which for a word in most stories stops after
    little more than the window; or letting the GIN index say which stories
    hold the words and sorting those by time (a bitmap scan: a few µs a
    match, without reading a document), which for a word in one story in
    ten avoids reading 20,000 documents to find 2,000 matches. PostgreSQL's
    planner does not count the documents' reading and walks too often.

    The index knows words, not their order or what must be absent, so a
    query with a phrase or an exclusion takes the newest
    ``CANDIDATE_WINDOW`` stories holding all its words and tests those:
    phrases and exclusions are looked for among the newest candidates, not
    through the whole archive.
    """
    loose = web_search_text(query, loose=True)
    exact = loose == web_search_text(query)
    holding_words = published.filter(
        search_vector=SearchQuery(loose, search_type="websearch", config=SEARCH_CONFIG)
    )
    window = RANK_WINDOW if exact else CANDIDATE_WINDOW
    newest = holding_words.order_by("-published_at", "-pk").values_list("pk", flat=True)
    if _walks(holding_words, published, window):
        found = list(newest[:window])
    else:
        with transaction.atomic(using=published.db), connections[published.db].cursor() as cursor:
            cursor.execute(BITMAP_SCANS_ONLY)
            try:
                found = list(newest[:window])
            finally:
                # SET LOCAL lasts to the end of an outer transaction, if any.
                cursor.execute(ANY_SCANS)
    if exact:
        return found
    return list(
        published.filter(pk__in=found, search_vector=search_query)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:RANK_WINDOW]
    )


def planner_estimate(queryset: QuerySet) -> int | None:
    """How many rows PostgreSQL expects ``queryset`` to return (None elsewhere)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _walks(matching: QuerySet, published: QuerySet, window: int) -> bool:
    """Is walking the time index cheaper than sorting every match?

    Walking reads about ``window * stories / matches`` documents at
    ``DOCUMENT_COST``; the bitmap touches every match at ``MATCH_COST``.
    """
    matches = max(planner_estimate(matching) or 0, 1)
    stories = planner_estimate(published) or 0
    return window * stories / matches * DOCUMENT_COST < matches * MATCH_COST


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_web_search(query: str) -> tuple[list[list[str]], list[str]]:
    """Split web-search syntax into OR-ed groups of required terms, and exclusions.

    ``red "kite festival" or owl -census`` becomes
    ``([["red", "kite festival"], ["owl"]], ["census"])``.
    """
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for match in _TOKEN.finditer(query):
        negated, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            groups.append([])
            continue
        if word is not None and word.startswith("-"):
            negated, word = "-", word.lstrip("-")
        term = (phrase if phrase is not None else word).strip("\"' ")
        if _WORD_CHARACTER.search(term):  # "-", "!!" and the like match nothing
            (excluded if negated else groups[-1]).append(term)
    return [group[:MAX_FALLBACK_WORDS] for group in groups if group], excluded[:MAX_FALLBACK_WORDS]


def _quoted(term: str) -> str:
    return '"' + " ".join(term.replace('"', " ").split()) + '"'


def web_search_text(query: str, *, loose: bool = False) -> str:
    """``query`` rebuilt as plain web-search syntax PostgreSQL parses safely.

    Each term quoted, operators only where ``parse_web_search`` found them,
    at most ``MAX_SEARCH_TERMS`` terms: operator soup such as a run of 33
    ``-`` otherwise overflows PostgreSQL's tsquery stack (a 500), and a long
    query makes a costly one. Exclusions apply to every "or" group, as in the
    fallback. Empty when nothing searchable is left. ``loose``: what the
    full-text index can answer alone, every word of each group required,
    phrases as separate words and no exclusions (``newest_matches``).
    """
    groups, excluded = parse_web_search(query)
    budget = MAX_SEARCH_TERMS
    kept_groups = []
    for group in groups[:MAX_SEARCH_GROUPS]:
        kept = group[:budget]
        budget -= len(kept)
        if kept:
            kept_groups.append(kept)
    if loose:
        return " or ".join(
            " ".join(_quoted(word) for term in group for word in term.split())
            for group in kept_groups
        )
    exclusions = [f"-{_quoted(term)}" for term in excluded[:budget]]
    return " or ".join(" ".join([*map(_quoted, group), *exclusions]) for group in kept_groups)


# Common English endings, longest first: a crude stemmer so that
# "libraries" finds "library" and "talks" finds "talk" on SQLite too.
_ENDINGS = ("ies", "es", "s", "ing", "ed")


def _stem(term: str) -> str:
    """The word without a common ending, if enough of it is left to mean something."""
    if " " in term:
        return term  # a quoted phrase is matched as written
    for ending in _ENDINGS:
        if term.lower().endswith(ending) and len(term) - len(ending) >= 4:
            return term[: -len(ending)]
    return term


def _anywhere(term: str) -> Q:
    """A story whose words, dateline place or author names contain ``term``."""
    from .models import ArticleAuthor

    term = _stem(term)
    by_author = ArticleAuthor.objects.filter(article=OuterRef("pk"), author__name__icontains=term)
    return (
        Q(headline__icontains=term)
        | Q(standfirst__icontains=term)
        | Q(body__icontains=term)
        | Q(dateline__name__icontains=term)
        | Q(Exists(by_author))
    )


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to ``query`` through the index, in its own order (the desk)."""
    if uses_full_text():
        text = web_search_text(query)
        if not text:
            return queryset.none()
        search_query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=search_query)
    return _fallback_matches(queryset, query)


def _fallback_matches(queryset: QuerySet, query: str) -> QuerySet:
    groups, excluded = parse_web_search(query)
    if not groups:
        return queryset.none()
    matches = Q()
    for group in groups:
        every_term = Q()
        for term in group:
            every_term &= _anywhere(term)
        matches |= every_term
    found = queryset.filter(matches)
    for term in excluded:
        found = found.exclude(_anywhere(term))
    return found


def _fallback_search(published: QuerySet, query: str) -> QuerySet:
    groups, _excluded = parse_web_search(query)
    found = _fallback_matches(published, query)
    terms = dict.fromkeys(term for group in groups for term in group)
    if not terms:
        return found  # nothing to look for: no stories, nothing to rank
    rank = sum(
        Case(
            When(headline__icontains=_stem(term), then=Value(4)),
            When(standfirst__icontains=_stem(term), then=Value(2)),
            When(body__icontains=_stem(term), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for term in terms
    )
    return found.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")
