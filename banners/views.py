"""The top banner's Close control, for readers without JavaScript.

With JavaScript, ``banner.js`` hides the banner and writes the same cookie
itself; this view is the fallback that works everywhere.
"""

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .state import BANNER_CLOSED_COOKIE, VALID_KEY, banner_state

ONE_YEAR = 365 * 24 * 60 * 60


# Exempt from CSRF on purpose: the only effect is a cosmetic cookie on the
# requester's own browser, and a CSRF token would make every public page
# uncacheable.
@csrf_exempt
@require_POST
def close_banner(request: HttpRequest) -> HttpResponseRedirect:
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # The form names what the reader saw; anything else closes what is up now.
    key = request.POST.get("key", "")
    if not VALID_KEY.match(key):
        key = banner_state(request).key
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        BANNER_CLOSED_COOKIE, key, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure()
    )
    return response
