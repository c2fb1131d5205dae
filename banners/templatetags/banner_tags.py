"""The banner's message, linked only when the link is a web address."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Announcement, is_web_link

register = template.Library()


@register.simple_tag
def banner_message(announcement: Announcement) -> SafeString:
    """The message as text, in a link when (and only when) the link is http(s).

    Checked again here, at render, for a link stored before the model checked it.
    """
    if announcement.link and is_web_link(announcement.link):
        return format_html('<a href="{}">{}</a>', announcement.link, announcement.message)
    return format_html("{}", announcement.message)
