from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BannersConfig(AppConfig):
    name = "banners"
    verbose_name = _("Banners")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - keeps the cached banner record true
