from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editorial desk: the admin for articles and every staff-only view."""

    name = "desk"
    verbose_name = "Editorial desk"
