from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Notifications from the workflow's moves and the clock, in the desk and by e-mail."""

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from articles.signals import story_moved

        from . import notify

        story_moved.connect(notify.on_story_moved, dispatch_uid="notifications.story_moved")
