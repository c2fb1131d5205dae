"""The allow-list every piece of rich text passes before it is stored.

Editors paste from word processors, wire copy arrives as HTML, and both can
carry scripts, event handlers, inline styles or ``javascript:`` links. nh3
(Rust's ammonia) rebuilds the markup from a parse tree, keeping only what is
listed here and the text around whatever it drops.
"""

import re

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "em",
        "strong",
        "i",
        "b",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "br",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


# Elements that never hold others, and those a new sibling closes implicitly.
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


class MarkupRefused(ValueError):
    """Markup too long or too deeply nested to be sanitised (or stored)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def nesting_depth(html: str, *, stop_above: int) -> int:
    """How deeply ``html``'s elements nest, by one linear scan of its tags.

    Not a parser: enough to bound the work nh3's parser would do. A closing
    tag closes up to the nearest open element of its name (stray ones are
    ignored); a ``<p>`` or ``<li>`` opened directly in another closes it, as
    browsers do. Stops counting once deeper than ``stop_above``.
    """
    stack: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
            continue
        if name in VOID_TAGS or match.group(0).endswith("/>"):
            continue
        if name in SELF_CLOSING_SIBLINGS and stack and stack[-1] == name:
            stack.pop()
        stack.append(name)
        deepest = max(deepest, len(stack))
        if deepest > stop_above:
            break
    return deepest


def check_limits(html: str) -> None:
    """Refuse markup over ``NEWSROOM_BODY_MAX_CHARS`` or nested over ``…_MAX_DEPTH``.

    Cheap (one pass over the text), and run before nh3: a body of tens of
    thousands of nested elements otherwise takes the sanitiser minutes.
    """
    max_chars = settings.NEWSROOM_BODY_MAX_CHARS
    if len(html) > max_chars:
        raise MarkupRefused(
            _(
                "The text is %(length)s characters long; the limit is %(limit)s characters. "
                "Split it into more than one story, or remove pasted formatting."
            )
            % {"length": f"{len(html):,}", "limit": f"{max_chars:,}"}
        )
    max_depth = settings.NEWSROOM_BODY_MAX_DEPTH
    if nesting_depth(html, stop_above=max_depth) > max_depth:
        raise MarkupRefused(
            _(
                "The text has elements (quotes, lists…) nested more than %(limit)s deep; "
                "no story needs that many. Remove the extra nesting (pasted text often "
                "brings it) and save again."
            )
            % {"limit": max_depth}
        )


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the newsroom's allow-list.

    Raises ``MarkupRefused`` for markup over the limits (``check_limits``).
    """
    if not html:
        return ""
    check_limits(html)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
