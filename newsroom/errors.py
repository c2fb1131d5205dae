"""The 400 page: what was wrong with the request, in words, never a 500.

Django answers a request it refuses to read (more form data than
``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields than
``DATA_UPLOAD_MAX_NUMBER_FIELDS``, a forged Host...) through this view. The
page stands alone, like the 500 page: the request's data may be what is
broken, so no context processor reads it. Imports no app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponseBadRequest
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def _reason(exception: Exception | None) -> str:
    if isinstance(exception, RequestDataTooBig):
        return _(
            "The form you sent is too large: its text is over %(limit)s. Shorten it "
            "(or split a long story in two) and send it again."
        ) % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    if isinstance(exception, TooManyFieldsSent):
        return _(
            "The request has too many fields or parameters (more than %(limit)s). "
            "Check the address, or send the form again from its page."
        ) % {"limit": f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}"}
    if isinstance(exception, TooManyFilesSent):
        return _("The request has too many files (more than %(limit)s).") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    return _("Our site could not understand this request. Check the address and try again.")


def bad_request(request: HttpRequest, exception: Exception | None = None):
    page = loader.render_to_string("400.html", {"reason": _reason(exception)})
    return HttpResponseBadRequest(page)
