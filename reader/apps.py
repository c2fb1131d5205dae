from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The reader's site: public pages, their URLs, template tags and the page cache."""

    name = "reader"
    verbose_name = "Reader's site"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from articles.signals import reader_content_changed

        from .page_cache import renew_on_reader_content_change

        # Any saved change in what readers see makes the page cache stale.
        for signal in (post_save, post_delete, m2m_changed, reader_content_changed):
            signal.connect(renew_on_reader_content_change, dispatch_uid=f"page-cache-{signal!r}")
