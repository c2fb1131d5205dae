from django.apps import AppConfig


class BannersConfig(AppConfig):
    name = "banners"
    verbose_name = "Banners"
    default_auto_field = "django.db.models.BigAutoField"
