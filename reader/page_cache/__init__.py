"""The reader's page cache: whole pages served from the shared cache.

- ``policy``: which views are cached, the query parameters they read and
  the tokens their content depends on (``@cache_public_page``);
- ``tokens``: renewing what pages depend on, the kill switch, stories that
  go live by the clock;
- ``entries``: a stored page, its key and whether it may still be served;
- ``middleware``: serving and storing, one render at a time per page;
- ``invalidation``: which changes renew which tokens.

See README, "Caching".
"""

from .policy import cache_public_page

__all__ = ["cache_public_page"]
