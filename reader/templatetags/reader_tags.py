"""Small helpers for the reader's pages: page links and the masthead sections."""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import formats, timezone
from django.utils.safestring import SafeString
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


# Parts of the layout that show nothing of the request or of any story,
# rendered once per process (``constant_part``) by what they do depend on.
_constant_parts: dict[tuple, SafeString] = {}


@receiver(setting_changed)
def _forget_constant_parts(**kwargs) -> None:
    """A setting changed (tests): the parts are rendered again with it."""
    _constant_parts.clear()


def _rendered_once(key: tuple, render) -> SafeString:
    if settings.DEBUG:  # a template edited under runserver shows at once
        return render()
    part = _constant_parts.get(key)
    if part is None:
        part = _constant_parts[key] = render()
    return part


@register.simple_tag
def constant_part(template_name: str) -> SafeString:
    """``template_name`` as this process first rendered it in this language.

    For the layout's links, icons, styles and scripts and the front page's
    structured data: the same on every page of a release (static files'
    names are hashed per release), and about a third of a page's rendering
    when rendered each time. The template gets ``site_name`` alone, so it
    cannot show the request.
    """
    key = (template_name, get_language(), get_script_prefix())
    context = {"site_name": settings.NEWSROOM_SITE_NAME}
    return _rendered_once(key, lambda: render_to_string(template_name, context))


@register.simple_tag(takes_context=True)
def section_navigation(context) -> SafeString:
    """The topics editors put in the masthead, in their order.

    Kept as a piece (renewed with the site token), fetched with the page's
    other pieces when its view fetched any: no query on most pages. Its
    HTML is rendered once per process for each set of sections and the one
    marked current.
    """
    request = context.get("request")
    fragments = fetched_for(request) or Fragments({"navigation": navigation_piece()})
    sections = fragments.value("navigation", _sections_in_navigation)
    path = request.path if request else None
    current = path if any(section["url"] == path for section in sections) else None
    shown = tuple((section["name"], section["url"]) for section in sections)
    key = ("articles/_section_nav.html", get_language(), shown, current)
    listed = {"sections": sections, "current_path": current}
    return _rendered_once(key, lambda: render_to_string("articles/_section_nav.html", listed))


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
