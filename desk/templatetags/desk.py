"""The desk's home page sections and the header's unread count, for admin templates."""

from django import template

from articles import clock
from notifications.models import Notification

from .. import home

register = template.Library()


@register.simple_tag
def desk_home(user) -> home.Home:
    return home.for_user(user)


@register.simple_tag
def unread_notifications(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).unread().count()


@register.filter
def desk_time(moment) -> str:
    """``10:00 UTC, Wednesday December 3``: the newsroom's zone, named."""
    return clock.desk_moment(moment) if moment else ""


@register.simple_tag
def newsroom_zone() -> str:
    return clock.zone_name()
