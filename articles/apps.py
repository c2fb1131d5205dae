from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from .revisions import register_models

        register_models()
