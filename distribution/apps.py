from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    """Newsroom for machines: feeds, sitemaps, structured data, ninjs in and out, stable URLs."""

    name = "distribution"
    verbose_name = _("Distribution")

    def ready(self) -> None:
        # Old addresses of published articles are recorded on every save.
        from . import stable_urls  # noqa: F401
