"""The top banner, and its message linked only when the link is a web address."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..models import Announcement, is_web_link
from ..state import banner_state

register = template.Library()

# Where the reader's own address goes in a banner rendered for every reader.
_ADDRESS_MARK = "\x00address\x00"
# Banners as rendered, by language, announcement version and day; bounded so
# a process running for months never piles them up.
_rendered: dict[tuple, str] = {}
_RENDERED_AT_MOST = 64


@register.simple_tag(takes_context=True)
def top_banner(context) -> SafeString:
    """The top banner for this reader (nothing if they closed it).

    Rendered once per process for each announcement and day: a page renders
    it for every reader, and only the Close form's return address (the page
    itself) differs between them.
    """
    request = context["request"]
    state = banner_state(request)
    if state.closed:
        return SafeString("")
    key = (get_language(), state.record.version, state.today)
    html = None if settings.DEBUG else _rendered.get(key)  # DEBUG: edits show at once
    if html is None:
        if len(_rendered) >= _RENDERED_AT_MOST:
            _rendered.clear()
        html = _rendered[key] = render_to_string(
            "banners/banner.html", {"banner": state, "return_to": _ADDRESS_MARK}
        )
    return mark_safe(html.replace(_ADDRESS_MARK, escape(request.get_full_path())))  # noqa: S308


@register.simple_tag
def banner_message(announcement: Announcement) -> SafeString:
    """The message as text, in a link when (and only when) the link is http(s).

    Checked again here, at render, for a link stored before the model checked it.
    """
    if announcement.link and is_web_link(announcement.link):
        return format_html('<a href="{}">{}</a>', announcement.link, announcement.message)
    return format_html("{}", announcement.message)
