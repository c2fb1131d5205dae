from django.urls import path

from . import views

app_name = "banners"

urlpatterns = [
    path("close/", views.close_banner, name="close"),
]
