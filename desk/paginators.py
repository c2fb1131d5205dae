"""The desk's lists at 100,000 stories: counted exactly only while that is cheap.

Django's changelist counts every row on each load; over an archive that is
a scan of the table. ``EstimatedCountPaginator`` counts at most
``EXACT_UP_TO`` rows (a bounded scan), and past that uses PostgreSQL's
planner estimate for the same query (statistics the database keeps, no
scan). The page links past the exact part are approximate; the rows on each
page are always the real ones. Databases without such estimates (SQLite)
are counted in full.
"""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


def planner_estimate(queryset) -> int | None:
    """How many rows PostgreSQL expects ``queryset`` to return (None elsewhere)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        counted = queryset.order_by()[: EXACT_UP_TO + 1].count()
        if counted <= EXACT_UP_TO:
            return counted
        estimate = planner_estimate(queryset)
        if estimate is None:  # no planner to ask (SQLite, a small desk): count
            return queryset.count()
        return max(counted, estimate)
