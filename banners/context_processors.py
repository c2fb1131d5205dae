from django.http import HttpRequest
from django.utils import timezone

from .views import BANNER_CLOSED_COOKIE


def banner(request: HttpRequest) -> dict:
    """Today's date in the newsroom's zone, and whether this reader closed the banner."""
    return {
        "banner_today": timezone.localdate(),
        "banner_closed": request.COOKIES.get(BANNER_CLOSED_COOKIE) == "1",
    }
