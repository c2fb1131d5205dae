"""Search results for readers: snippets around the matches, highlighted.

The matching and ranking live with the search index in ``articles.search``;
this module only turns a result into what the results page shows.
"""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.search import MARK_START, MARK_STOP, WHITESPACE, parse_web_search, uses_full_text


def highlighted_snippet(snippet: str) -> SafeString:
    """A ts_headline snippet as safe HTML with <mark> around the matches."""
    text = escape(html.unescape(snippet))
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


SNIPPET_CONTEXT = 120


def attach_snippets(articles, query: str) -> None:
    """Give each fallback result a snippet of its body around the first match.

    PostgreSQL's results already carry one from ts_headline; the format is
    the same (private-use marks around matches), so templates do not care.
    """
    if uses_full_text():
        return
    groups, _excluded = parse_web_search(query)
    terms = [term for group in groups for term in group]
    if not terms:
        return
    pattern = re.compile(r"\w*(?:" + "|".join(map(re.escape, terms)) + r")\w*", re.IGNORECASE)
    for article in articles:
        text = WHITESPACE.sub(" ", strip_tags(article.body)).strip()
        first = pattern.search(text)
        if first is None:
            article.snippet = ""
            continue
        start = max(0, first.start() - SNIPPET_CONTEXT)
        end = min(len(text), first.end() + SNIPPET_CONTEXT)
        excerpt = text[start:end]
        marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", excerpt)
        article.snippet = (
            ("\u2026 " if start else "") + marked + (" \u2026" if end < len(text) else "")
        )
