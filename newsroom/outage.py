"""What a reader or an editor gets when the database cannot be reached.

Django calls ``server_error`` (``handler500``) for any exception no view
handled. When it is the database being unreachable (a connection refused,
a restart in progress, a dropped connection), the answer is a 503 with
``Retry-After`` and a page that says so, not a 500: readers get the site's
styled page (the page cache gives a copy it kept instead, where it has one),
the desk a page that says nothing was saved and nothing was lost (the change
form keeps what was typed in the browser until a save succeeds). Rendered
without context processors or a request context: nothing here may need the
database. Imports no app.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

# Errors that mean "the database is not there right now", as opposed to a
# bug in a query (ProgrammingError, IntegrityError ...).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# How long a client should wait before asking again: about what a restart takes.
RETRY_AFTER_SECONDS = 10


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_UNAVAILABLE)


def _is_desk(request: HttpRequest) -> bool:
    try:
        return request.path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 itself: the desk's page or the readers' one."""
    template = "503_desk.html" if _is_desk(request) else "503.html"
    context = {"retry_after": RETRY_AFTER_SECONDS, "site_name": settings.NEWSROOM_SITE_NAME}
    body = loader.get_template(template).render(context)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse | HttpResponseServerError:
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return django_server_error(request)
