from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The domain: articles, their people, places and topics, and their rules.

    Imports no page, desk or format code; the apps above it listen to its
    model signals and to ``articles.signals``.
    """

    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from . import changes
        from .revisions import register_models

        # Every write to a story is reported as articles.signals.story_changed.
        changes.connect()
        # Every article save through the desk or the workflow is a revision.
        register_models()
