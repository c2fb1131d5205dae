from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications from the workflow's moves and the clock, in the desk and by e-mail."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from articles.signals import story_moved

        from . import notify

        story_moved.connect(notify.on_story_moved, dispatch_uid="notifications.story_moved")
