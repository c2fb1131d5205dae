"""The date archive's ways around: up a level, to the neighbouring periods, to the days.

A period's neighbour is the nearest period with published stories, not the
calendar's (a reader following "Next" from October should land on December
when November was empty). Each neighbour is one indexed query, so the page's
cost does not grow with the archive.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    """A year, a month or a day of the newsroom's calendar."""

    level: str  # "year", "month" or "day"
    first: datetime.date
    last: datetime.date

    @classmethod
    def containing(cls, level: str, day: datetime.date) -> Period:
        if level == "year":
            return cls(level, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
        if level == "month":
            first = day.replace(day=1)
            following = (first + datetime.timedelta(days=32)).replace(day=1)
            return cls(level, first, following - datetime.timedelta(days=1))
        return cls(level, day, day)

    @property
    def title(self) -> str:
        if self.level == "day":
            return date_format(self.first, "DATE_FORMAT")
        if self.level == "month":
            return date_format(self.first, "YEAR_MONTH_FORMAT")
        return str(self.first.year)

    @property
    def url(self) -> str:
        kwargs = {"year": self.first.year}
        name = "articles:archive_year"
        if self.level in ("month", "day"):
            kwargs["month"] = self.first.month
            name = "articles:archive_month"
        if self.level == "day":
            kwargs["day"] = self.first.day
            name = "articles:archive_day"
        return reverse(name, kwargs=kwargs)

    def parent(self) -> Period | None:
        if self.level == "day":
            return Period.containing("month", self.first)
        if self.level == "month":
            return Period.containing("year", self.first)
        return None


@dataclass(frozen=True)
class ArchiveLink:
    label: str
    url: str
    rel: str = ""


def navigation(published: QuerySet, period: Period) -> list[ArchiveLink]:
    """Previous, next (nearest periods with stories) and up a level."""
    dates = published.order_by().values_list("publication_date", flat=True)
    before = dates.filter(publication_date__lt=period.first).order_by("-publication_date").first()
    after = dates.filter(publication_date__gt=period.last).order_by("publication_date").first()
    links = []
    if before is not None:
        previous = Period.containing(period.level, before)
        links.append(ArchiveLink(_("Previous: %s") % previous.title, previous.url, "prev"))
    if after is not None:
        following = Period.containing(period.level, after)
        links.append(ArchiveLink(_("Next: %s") % following.title, following.url, "next"))
    parent = period.parent()
    if parent is not None:
        links.append(ArchiveLink(_("All of %s") % parent.title, parent.url, "up"))
    return links
