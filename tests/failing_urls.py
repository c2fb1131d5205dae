"""The site's URLs plus one that fails, to see the 500 page's headers."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("A bug, for the 500 page.")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
