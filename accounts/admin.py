"""Unlocking at the desk: an action on django-axes' access attempts."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class UnlockingAccessAttemptAdmin(AccessAttemptAdmin):
    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(description=_("Unlock: forget these failed attempts"), permissions=["delete"])
    def unlock(self, request, queryset):
        pairs = sorted({f"{a.username} @ {a.ip_address}" for a in queryset})
        queryset.delete()
        self.message_user(
            request,
            ngettext("Unlocked %(pairs)s.", "Unlocked %(pairs)s.", len(pairs))
            % {"pairs": ", ".join(pairs)},
            messages.SUCCESS,
        )
