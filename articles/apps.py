from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The domain: articles, their people, places and topics, and their rules.

    Imports no page, desk or format code; the apps above it listen to its
    model signals and to ``articles.signals``.
    """

    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import changes
        from .revisions import register_models
        from .search import byline_changed, credit_renamed, update_search_vector

        # The search document: the story's words and its credits (authors, dateline).
        post_save.connect(update_search_vector, sender="articles.Article")
        post_save.connect(byline_changed, sender="articles.ArticleAuthor")
        post_delete.connect(byline_changed, sender="articles.ArticleAuthor")
        post_save.connect(credit_renamed, sender="articles.Author")
        post_save.connect(credit_renamed, sender="articles.Dateline")
        # Every write to a story is reported as articles.signals.story_changed.
        changes.connect()
        # Every article save through the desk or the workflow is a revision.
        register_models()
