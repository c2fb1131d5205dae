from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .state import banner_state


def banner(request: HttpRequest) -> dict:
    """The top banner's facts for this reader, looked up only if a template
    shows the banner (feeds and sitemaps render templates too)."""
    return {"banner": SimpleLazyObject(lambda: banner_state(request))}
