from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Desk accounts: login throttling, two-factor login, unlocking (docs/security.md)."""

    name = "accounts"
    verbose_name = _("Accounts")
