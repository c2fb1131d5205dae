from django.http import HttpRequest

from .state import banner_state


def banner(request: HttpRequest) -> dict:
    """Today's date in the newsroom's zone, the announcement, and whether it was closed."""
    state = banner_state(request)
    return {
        "banner_today": state.today,
        "banner_announcement": state.announcement,
        "banner_closed": state.closed,
        "banner_key": state.key,
    }
