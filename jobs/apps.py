from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """The task queue's edge: enqueue on commit, never fail a save, retry later."""

    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from . import celery_app  # noqa: F401 - every @shared_task binds to this app
