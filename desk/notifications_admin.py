"""Each person's notifications at the desk: the list, mark as read, the e-mail choice.

Registered on the Notification model so it lives under /admin/ with the rest
of the desk; everyone at the desk sees their own notifications and nobody
else's, and nobody adds, edits or deletes them by hand.
"""

from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification, NotificationPreference

PER_PAGE = 50


class EmailChoiceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email"]


def _at_desk(request) -> bool:
    return bool(request.user.is_active and request.user.is_staff)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return _at_desk(request)

    def has_view_permission(self, request, obj=None):
        return _at_desk(request) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "read/",
                self.admin_site.admin_view(self.mark_read_view),
                name="notifications_notification_read",
            ),
            path(
                "email/",
                self.admin_site.admin_view(self.email_choice_view),
                name="notifications_notification_email",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        """The person's own notifications, newest first, unread ones marked."""
        inbox = Notification.objects.for_user(request.user)
        page = Paginator(inbox, PER_PAGE).get_page(request.GET.get("page"))
        preference, _created = NotificationPreference.objects.get_or_create(user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Notifications"),
            "page": page,
            "unread": inbox.unread().count(),
            "email_form": EmailChoiceForm(instance=preference),
            "has_email": bool(request.user.email),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/notifications/notification/inbox.html", context)

    def mark_read_view(self, request):
        """POST ``notification`` (one id) or ``all``: mark as read; back to the list."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        mine = Notification.objects.for_user(request.user).unread()
        if "all" in request.POST:
            marked = mine.update(read_at=timezone.now())
        else:
            try:
                chosen = int(request.POST.get("notification", ""))
            except ValueError:
                self.message_user(request, _("Choose a notification."), messages.ERROR)
                return HttpResponseRedirect(self._inbox_url())
            marked = mine.filter(pk=chosen).update(read_at=timezone.now())
        if marked:
            self.message_user(request, _("Marked as read: %(n)d.") % {"n": marked})
        return HttpResponseRedirect(self._inbox_url())

    def email_choice_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        preference, _created = NotificationPreference.objects.get_or_create(user=request.user)
        form = EmailChoiceForm(request.POST, instance=preference)
        form.save()
        self.message_user(
            request,
            _("Notification e-mails are on.")
            if preference.email
            else _("Notification e-mails are off; they still show here."),
        )
        return HttpResponseRedirect(self._inbox_url())

    def _inbox_url(self) -> str:
        return reverse("admin:notifications_notification_changelist")
