"""The search index: PostgreSQL full-text with ranking, a plain fallback elsewhere.

On PostgreSQL each article keeps a weighted ``search_vector`` (headline A,
standfirst B, body C, and D: its credits, the authors' names and the
dateline) with a GIN index, renewed when the story, its byline rows, or an
author's or a dateline's name change; queries use web-search syntax
(``"exact phrase"``, ``-exclude``, ``or``), are ranked, and come back with
snippets marked around the matches. On SQLite every word must appear
somewhere in the headline, standfirst, body, an author's name or the
dateline. The same syntax is understood there too, a match in the headline
ranks above one in the standfirst, above one in the body (the reader's site
cuts snippets from the body text there).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
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
from django.db.models.expressions import CombinedExpression

if TYPE_CHECKING:
    from .models import Article, ArticleAuthor

SEARCH_CONFIG = "english"
# Longer queries are cut here: no reader types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
MAX_FALLBACK_WORDS = 10
WHITESPACE = re.compile(r"\s+")
# Private-use characters mark the highlights in snippets, so the reader's
# site can escape a snippet as plain text and only then add its <mark>s.
MARK_START, MARK_STOP = "\ue000", "\ue001"


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


def weighted_document(credits: str = "") -> CombinedExpression:
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        + SearchVector(Value(credits, output_field=TextField()), weight="D", config=SEARCH_CONFIG)
    )


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def credits_text(article_model, byline_model, pk: int) -> str:
    """The authors' names and the dateline of one story, as words to index.

    Takes the models so a migration can pass its historical ones.
    """
    names = byline_model.objects.filter(article_id=pk).values_list("author__name", flat=True)
    place = article_model.objects.filter(pk=pk).values_list("dateline__name", "dateline__country")
    return " ".join([*names, *(part for row in place for part in row if part)])


def refresh_search_vectors(article_model, byline_model, pks) -> None:
    """Store the document of each story again (PostgreSQL; nothing to do elsewhere)."""
    if not uses_full_text():
        return
    for pk in pks:
        credits = credits_text(article_model, byline_model, pk)
        article_model.objects.filter(pk=pk).update(search_vector=weighted_document(credits))


def _models() -> tuple[type[Article], type[ArticleAuthor]]:
    from .models import Article, ArticleAuthor

    return Article, ArticleAuthor


def update_search_vector(sender, instance, raw: bool = False, **_kwargs) -> None:
    """post_save of a story: recompute the stored document from what was just saved."""
    refresh_search_vectors(*_models(), [instance.pk])


def byline_changed(sender, instance, raw: bool = False, **_kwargs) -> None:
    """A byline row was saved or deleted: its story's credits changed."""
    refresh_search_vectors(*_models(), [instance.article_id])


def credit_renamed(sender, instance, raw: bool = False, **_kwargs) -> None:
    """An author or a dateline was saved (perhaps renamed): renew its stories' documents."""
    if not uses_full_text() or raw:
        return
    article, byline = _models()
    if sender is byline.author.field.related_model:
        pks = byline.objects.filter(author=instance).values_list("article_id", flat=True)
    else:
        pks = article.objects.filter(dateline=instance).values_list("pk", flat=True)
    refresh_search_vectors(article, byline, list(pks))


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
            negated, word = "-", word[1:]
        term = (phrase if phrase is not None else word).strip("\"' ")
        if term:
            (excluded if negated else groups[-1]).append(term)
    return [group[:MAX_FALLBACK_WORDS] for group in groups if group], excluded


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
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
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
