"""Times as the desk shows them: in the newsroom's zone, and naming it.

The newsroom's zone is ``TIME_ZONE`` (``NEWSROOM_TIME_ZONE``); every time the
desk shows or asks for says which zone it is in, so a reporter abroad never
guesses.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def zone_name() -> str:
    """The newsroom's zone as configured, e.g. ``Europe/Stockholm`` or ``UTC``."""
    return str(settings.TIME_ZONE)


def zone_note() -> str:
    """The help text every date and time field on the desk carries."""
    return _("Times are in %(zone)s, the newsroom's time zone.") % {"zone": zone_name()}


def desk_moment(moment: datetime) -> str:
    """``10:00 UTC, Wednesday December 3``: the site's date format, the zone named.

    The year is added when it is not this year in the newsroom's zone.
    """
    local = timezone.localtime(moment)
    day = "l F j" if local.year == timezone.localdate().year else "l F j, Y"
    return f"{date_format(local, 'H:i T')}, {date_format(local, day)}"
