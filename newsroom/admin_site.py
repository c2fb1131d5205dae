"""The editorial desk's admin site: Django's, refusing garbage requests with a 400.

Every desk view goes through ``admin_view``; after the usual permission
check, a request that carries what no person can type (a NUL in the address,
the search box or the autocomplete) or names list rows by something that is
not a row id of that list answers 400 with a message, instead of reaching
the database as a 500. Imports no app.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(values) -> bool:
    return any(NUL in key or any(NUL in value for value in values.getlist(key)) for key in values)


def _bad_selection(model_admin, request: HttpRequest) -> bool:
    """Does a list action name a row by something that is not an id of that model?"""
    if request.method != "POST" or "action" not in request.POST:
        return False
    pk = model_admin.model._meta.pk
    for raw in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
        try:
            value = pk.to_python(raw)
            pk.run_validators(value)
            if isinstance(value, int) and not -(2**63) <= value < 2**63:
                raise ValidationError("out of range")
        except (ValidationError, ValueError, TypeError):
            return True
    return False


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Newsroom editorial desk"
    site_title = "Newsroom"
    index_title = "Editorial desk"
    # The list of every model beside every page costs the article list a third
    # of a 1280 px screen; the desk's home and the breadcrumbs lead everywhere.
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs):
            refusal = self._refusal(request, view)
            return refusal if refusal is not None else view(request, *args, **kwargs)

        return super().admin_view(checked, cacheable)

    def _refusal(self, request: HttpRequest, view) -> HttpResponse | None:
        name = getattr(view, "__name__", "")
        if _has_nul(request.GET):
            message = _(
                "The search text or a filter in the address contains a NUL character, "
                "which cannot be searched for. Remove it and try again."
            )
            if name == "autocomplete_view":
                return JsonResponse({"error": message}, status=400)
            return self.bad_request(request, message)
        model_admin = getattr(view, "__self__", None)
        if (
            name == "changelist_view"
            and isinstance(model_admin, admin.ModelAdmin)
            and _bad_selection(model_admin, request)
        ):
            return self.bad_request(
                request,
                _(
                    "One of the selected rows is not one of the %(things)s in this list; "
                    "nothing was changed. Reload the list and try again."
                )
                % {"things": model_admin.model._meta.verbose_name_plural},
            )
        return None

    def bad_request(self, request: HttpRequest, message: str) -> HttpResponse:
        context = {**self.each_context(request), "title": _("Bad request"), "message": message}
        return TemplateResponse(request, "admin/bad_request.html", context, status=400)


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"
