"""The Content-Security-Policy: one policy for readers' pages, one for the desk.

django-csp's middleware writes ``CONTENT_SECURITY_POLICY`` on every response;
under ``NEWSROOM_DESK_PATH_PREFIXES`` (the admin, TinyMCE, the two-factor
pages) it writes ``NEWSROOM_DESK_CONTENT_SECURITY_POLICY`` instead, which
TinyMCE needs. It sits outside the page cache (settings.MIDDLEWARE), so a
page served from the cache carries the policy too; a response that already
has one (media, sandboxed) keeps its own. Imports no app.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


def is_desk_path(path: str) -> bool:
    return path.startswith(tuple(settings.NEWSROOM_DESK_PATH_PREFIXES))


class NewsroomCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_desk_path(request.path_info):
            desk = settings.NEWSROOM_DESK_CONTENT_SECURITY_POLICY
            parts.config = default_config(desk["DIRECTIVES"])
        return parts
