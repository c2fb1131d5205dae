from django.apps import AppConfig


class DistributionConfig(AppConfig):
    """Newsroom for machines: feeds, sitemaps, structured data, ninjs in and out, stable URLs."""

    name = "distribution"
    verbose_name = "Distribution"

    def ready(self) -> None:
        # Old addresses of published articles are recorded on every save.
        from . import stable_urls  # noqa: F401
