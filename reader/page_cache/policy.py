"""Which pages the page cache keeps, and what each one depends on.

A view opts in with ``@cache_public_page(...)``, saying which query
parameters it reads (every other one is stripped before it runs, so
``?utm_source=…`` never makes a second copy) and which *tokens* its content
depends on. A token is a name such as ``tag:weather``; when something a
reader can see changes, the tokens of what shows it are renewed
(``tokens.renew``), and every page that depends on one of them is rendered
afresh on its next request. The decorator only declares: the work is done
by ``PageCacheMiddleware``, before the session, auth, CSRF and messages
middleware run.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

# Every cached page depends on the site's shared parts (the masthead's sections).
SITE_TOKENS = ("site",)
# A page's content from its URL's keyword arguments.
TokensFor = Callable[[dict[str, Any]], Iterable[str]]


@dataclass(frozen=True)
class PagePolicy:
    params: tuple[str, ...] = ()
    tokens: TokensFor = field(default=lambda kwargs: ("latest",))
    # HTML pages show the top banner; feeds, sitemaps and the API do not.
    shows_banner: bool = True

    def tokens_for(self, kwargs: dict[str, Any]) -> list[str]:
        return [*SITE_TOKENS, *self.tokens(kwargs)]


def cache_public_page(
    view=None,
    *,
    params: Iterable[str] = (),
    tokens: TokensFor | None = None,
    shows_banner: bool = True,
):
    """Declare ``view`` a public page: the same for every reader who asks.

    Usable bare (``@cache_public_page``: no query parameters, depends on the
    latest stories) or with arguments.
    """
    policy = PagePolicy(
        params=tuple(sorted(params)),
        tokens=tokens or PagePolicy().tokens,
        shows_banner=shows_banner,
    )

    def declare(function):
        @wraps(function)
        def public_page(*args, **kwargs):
            return function(*args, **kwargs)

        public_page.page_policy = policy  # type: ignore[attr-defined]
        return public_page

    return declare(view) if view is not None else declare


def policy_of(view) -> PagePolicy | None:
    return getattr(view, "page_policy", None)


# --- Tokens of the reader's pages, from their URL arguments ----------------
def story_path_tokens(kwargs: dict[str, Any]) -> list[str]:
    """The article page: its own address (an impossible date is just a 404)."""
    return [f"path:{kwargs['year']:04d}-{kwargs['month']:02d}-{kwargs['day']:02d}/{kwargs['slug']}"]


def path_token(day: datetime.date, slug: str) -> str:
    """The token of the article page at ``day``/``slug``: what ``story_path_tokens`` names."""
    return f"path:{day.isoformat()}/{slug}"


def archive_tokens(kwargs: dict[str, Any]) -> list[str]:
    parts = [str(kwargs["year"])]
    if kwargs.get("month") is not None:
        parts.append(f"{kwargs['month']:02d}")
    if kwargs.get("day") is not None:
        parts.append(f"{kwargs['day']:02d}")
    return [f"archive:{'-'.join(parts)}"]


def section_tokens(kind: str) -> TokensFor:
    """A tag's, author's or dateline's page (and feeds): ``tag:<slug>``."""
    return lambda kwargs: [f"{kind}:{kwargs['slug']}"]


def story_tokens(kwargs: dict[str, Any]) -> list[str]:
    """One story by its public id (the ninjs API's item)."""
    return [f"story:{kwargs['public_id']}"]
