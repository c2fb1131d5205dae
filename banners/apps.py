from django.apps import AppConfig


class BannersConfig(AppConfig):
    name = "banners"
    verbose_name = "Banners"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - keeps the cached banner record true
