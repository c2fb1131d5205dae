"""The allow-list every piece of rich text passes before it is stored.

Editors paste from word processors, wire copy arrives as HTML, and both can
carry scripts, event handlers, inline styles or ``javascript:`` links. nh3
(Rust's ammonia) rebuilds the markup from a parse tree, keeping only what is
listed here and the text around whatever it drops.
"""

import nh3

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


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the newsroom's allow-list."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
