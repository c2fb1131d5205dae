from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for ``make run``: original stories, pictures and desk logins."""

    name = "demo"
    verbose_name = "Demo content"
