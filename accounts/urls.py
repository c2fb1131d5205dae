from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("2fa/", views.setup, name="two_factor_setup"),
    path("2fa/verify/", views.verify, name="two_factor_verify"),
    path("2fa/recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
]
