"""Public pages read from the replica; everything else from the primary.

With ``DATABASE_REPLICA_URL`` set, the page cache renders a public page
inside ``reading_public_page()`` and the router sends that render's reads to
the ``replica`` alias: never the desk's, never anything inside a write
transaction, never a page whose content was renewed in the last
``NEWSROOM_REPLICA_LAG_SECONDS`` (a replica a moment behind would render,
and cache, the page as it was before the change). If the replica cannot be
reached, reads go to the primary and the replica is tried again after
``REPLICA_RETRY_SECONDS``.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
REPLICA_RETRY_SECONDS = 10.0

logger = logging.getLogger(__name__)
_public_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("public_reads", default=False)
_replica_down_until = 0.0


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_public_page(allowed: bool = True) -> Iterator[None]:
    """Reads in this block may go to the replica, when there is a healthy one."""
    token = _public_reads.set(allowed and has_replica() and replica_reachable())
    try:
        yield
    finally:
        _public_reads.reset(token)


def replica_reachable() -> bool:
    """Connect (or reuse the connection); after a failure, skip it for a while."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as error:
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning("Read replica unreachable, reading from the primary: %s", error)
        return False
    return True


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if _public_reads.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db != REPLICA  # the replica copies the primary; it is never migrated
