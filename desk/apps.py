from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The editorial desk: the admin for articles and every staff-only view."""

    name = "desk"
    verbose_name = _("Editorial desk")
