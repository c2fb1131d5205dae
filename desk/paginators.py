"""The desk's lists at 100,000 stories: counted exactly only while that is cheap.

(And its date hierarchy's years found without a scan: ``DeskArticleQuerySet``.)

Django's changelist counts every row on each load; over an archive that is
a scan of the table. ``EstimatedCountPaginator`` counts at most
``EXACT_UP_TO`` rows (a bounded scan), and past that uses PostgreSQL's
planner estimate for the same query (statistics the database keeps, no
scan). The page links past the exact part are approximate; the rows on each
page are always the real ones. Databases without such estimates (SQLite)
are counted in full.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import ArticleQuerySet
from articles.search import planner_estimate

EXACT_UP_TO = 10_000


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset: QuerySet = self.object_list  # type: ignore[assignment]  # the changelist's
        counted = queryset.order_by()[: EXACT_UP_TO + 1].count()
        if counted <= EXACT_UP_TO:
            return counted
        estimate = planner_estimate(queryset)
        if estimate is None:  # no planner to ask (SQLite, a small desk): count
            return queryset.count()
        return max(counted, estimate)


class DeskArticleQuerySet(ArticleQuerySet):
    """The desk list's stories, with the date hierarchy's years found by index.

    The admin's date hierarchy asks ``dates(field, "year")``, a DISTINCT over
    every row's year (a scan of the table). Here the first and last dates
    come from the index, and each year between is one indexed EXISTS.
    """

    def dates(self, field_name, kind, order="ASC"):
        if kind != "year":
            return super().dates(field_name, kind, order)
        years = self._years(field_name)
        found = [datetime.date(year, 1, 1) for year in years]
        return found if order == "ASC" else found[::-1]

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        """What the date hierarchy asks of a date-and-time field."""
        if kind != "year":
            return super().datetimes(field_name, kind, order, tzinfo)
        zone = tzinfo or timezone.get_current_timezone()
        found = [datetime.datetime(year, 1, 1, tzinfo=zone) for year in self._years(field_name)]
        return found if order == "ASC" else found[::-1]

    def _years(self, field_name) -> list[int]:
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (_year_of(bounds[end]) for end in ("first", "last"))
        return [
            year
            for year in range(first, last + 1)
            if self.filter(**{f"{field_name}__year": year}).exists()
        ]


def _year_of(value) -> int:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).year
    return value.year
