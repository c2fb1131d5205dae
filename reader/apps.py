from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    """The reader's site: public pages, their URLs, template tags and the page cache."""

    name = "reader"
    verbose_name = _("Reader's site")

    def ready(self) -> None:
        from .page_cache import invalidation

        # Changes readers can see renew the cached pages that show them.
        invalidation.connect()
