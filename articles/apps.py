from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from newsroom.page_cache import renew_on_reader_content_change

        # Old addresses of published articles are recorded on every save.
        from . import stable_urls  # noqa: F401
        from .search import update_search_vector

        # Any saved change in what readers see makes the page cache stale.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(renew_on_reader_content_change, dispatch_uid=f"page-cache-{signal!r}")
        post_save.connect(update_search_vector, sender="articles.Article")

        # Every article save through the desk or the workflow is a revision.
        from .revisions import register_models

        register_models()
