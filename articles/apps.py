from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # Old addresses of published articles are recorded on every save.
        from . import stable_urls  # noqa: F401
