"""The desk's refusal page: a 403 inside /admin/ keeps the desk's look and a way back."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied as site_permission_denied


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler403``: the desk's styled page under /admin/, Django's elsewhere."""
    if not request.path_info.startswith("/admin/"):
        return site_permission_denied(request, exception)
    reason = str(exception) if exception and str(exception) else ""
    context = {
        **admin.site.each_context(request),
        "title": _("You may not do that"),
        "reason": reason,
    }
    return TemplateResponse(request, "admin/403.html", context, status=403).render()
