from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    """The reader's site: public pages, their URLs, template tags and the page cache."""

    name = "reader"
    verbose_name = _("Reader's site")

    def ready(self) -> None:
        from . import fragments
        from .page_cache import invalidation

        # Changes readers can see renew the cached pages that show them.
        invalidation.connect()
        # The release's digest (a walk of the project's files) is worked out
        # here, once: in gunicorn's master before it forks, not on every new
        # worker's first request.
        fragments.release()
