from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.urls import path

MAX_BYTES = 4_000_000


@lru_cache(maxsize=64)
def _payload(size: int) -> bytes:
    return b"x" * size


def page_of(request: HttpRequest, size: int) -> HttpResponse:
    """``size`` bytes of HTML, as a page of that size would be."""
    return HttpResponse(_payload(min(size, MAX_BYTES)), content_type="text/html; charset=utf-8")


urlpatterns = [path("bytes/<int:size>/", page_of)]
