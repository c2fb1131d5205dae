"""Small helpers for the reader's pages: page links and the masthead sections."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import get_language

from articles.models import Tag
from reader.fragments import Fragments, fetched_for, navigation_piece
from reader.search import highlighted_snippet

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """``?page=N`` keeping the rest of the query (a search's ``q``)."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


def _sections_in_navigation() -> list[dict[str, str]]:
    sections = Tag.objects.filter(in_navigation=True).order_by("navigation_order", "name")
    return [
        {"name": tag.name, "url": tag.get_absolute_url()} for tag in sections.only("name", "slug")
    ]


@register.inclusion_tag("articles/_section_nav.html", takes_context=True)
def section_navigation(context) -> dict:
    """The topics editors put in the masthead, in their order.

    Kept as a piece (renewed with the site token), fetched with the page's
    other pieces when its view fetched any: no query on most pages.
    """
    request = context.get("request")
    fragments = fetched_for(request) or Fragments({"navigation": navigation_piece()})
    sections = fragments.value("navigation", _sections_in_navigation)
    return {"sections": sections, "current_path": request.path if request else None}


register.filter("highlighted", highlighted_snippet)


@register.filter
def html_datetime(moment) -> str:
    """A ``<time datetime>`` value: the local time to the second.

    ``|date:"c"`` writes microseconds, and the HTML standard allows at most
    three digits of a second's fraction; no reader needs any.
    """
    if not moment:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")


@register.filter
def local_date(moment, format_name: str) -> str:
    """``moment`` in a format the site's language defines, Django's or ours.

    Django's ``date`` filter knows only its own format names; the banner's
    "Wednesday April 24, 2024" is ``BANNER_DATE_FORMAT`` in
    newsroom/formats/<language>/formats.py.
    """
    if not moment:
        return ""
    for module in formats.iter_format_modules(get_language(), settings.FORMAT_MODULE_PATH):
        if hasattr(module, format_name):
            return formats.date_format(moment, getattr(module, format_name))
    return formats.date_format(moment, format_name)
