"""Template helpers for machine-read formats (sitemaps, structured data)."""

from datetime import datetime

from django import template

from articles.ninjs import ninjs_time

register = template.Library()


@register.filter
def w3c_datetime(moment: datetime | None) -> str:
    """``2024-05-01T12:00:00Z``: what sitemaps and Google News expect."""
    return ninjs_time(moment) if moment else ""
