"""People and roles at the desk: invite by e-mail, one role field, deactivate.

Replaces Django's user admin (a hundred permission boxes, and a separate
*Staff status* that people forgot) with what an administrator means: a
person, their role, whether they may still log in. The rules are in
``articles.people``; this module is the screens.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import people
from reader.site import absolute_url

User = get_user_model()


class DeskLoginForm(AdminAuthenticationForm):
    """The desk's login: an account without desk access is told so plainly.

    Django's admin answers "enter the correct username and password for a
    staff account" even when the password was right, and people in the
    Reporters group without staff status thought they had mistyped it. Only
    someone who gave the right password learns that the account exists.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "no_desk_access": gettext_lazy(
            "Your password is right, but this account may not use the desk. "
            "Ask an administrator to give you a role."
        ),
    }

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(self.error_messages["no_desk_access"], code="no_desk_access")
        super().confirm_login_allowed(user)


class PersonForm(UserChangeForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=people.Role.choices,
        help_text=gettext_lazy(
            "Reporters write and submit; editors review, publish and arrange the front "
            "page; administrators also manage people. Sets desk access with it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["role"].initial = people.role_of(self.instance)


class InviteForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name, as in a byline"), max_length=200, strip=True)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[c for c in people.Role.choices if c[0] != people.Role.NONE],
        initial=people.Role.REPORTER,
    )


class WelcomeView(PasswordResetConfirmView):
    """The invitee chooses a password through the e-mailed link, then logs in."""

    template_name = "admin/auth/user/welcome.html"
    success_url = reverse_lazy("admin:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Log in to the desk."))
        return response


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    form = PersonForm
    change_list_template = "admin/auth/user/people_list.html"
    list_display = ["username", "full_name", "email", "role", "is_active", "last_login"]
    list_filter = ["is_active", "groups"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Person"), {"fields": ("first_name", "last_name", "email")}),
        (
            gettext_lazy("Desk access"),
            {
                "fields": ("role", "is_active"),
                "description": gettext_lazy(
                    "Untick Active to close the account without deleting it: "
                    "stories and history keep the name."
                ),
            },
        ),
        (gettext_lazy("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate_selected"]

    @admin.action(
        description=gettext_lazy("Deactivate the selected people (keeps their stories)"),
        permissions=["change"],
    )
    def deactivate_selected(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            people.deactivate(user=user)
        self.message_user(request, _("Deactivated; they can no longer log in."))

    @admin.display(description=gettext_lazy("Name"))
    def full_name(self, user) -> str:
        return user.get_full_name()

    @admin.display(description=gettext_lazy("Role"))
    def role(self, user) -> str:
        return str(people.role_of(user).label)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "role" in form.cleaned_data:
            people.set_role(user=obj, role=form.cleaned_data["role"])

    def get_urls(self):
        return [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="auth_user_invite",
            ),
            path(
                "welcome/<uidb64>/<token>/",
                WelcomeView.as_view(),
                name="auth_user_welcome",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = people.invite(**form.cleaned_data)
            except people.InvitationError as exc:
                form.add_error("email", str(exc))
            else:
                transaction.on_commit(lambda: send_invitation(user, invited_by=request.user))
                self.message_user(
                    request,
                    _("Invitation sent to %(email)s as %(role)s.")
                    % {"email": user.email, "role": people.role_of(user).label},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Invite someone to the desk"),
            "form": form,
        }
        return TemplateResponse(request, "admin/auth/user/invite.html", context)


def send_invitation(user, *, invited_by) -> None:
    """E-mail the invitee a link to choose their password (valid as long as a reset link)."""
    link = absolute_url(
        reverse(
            "admin:auth_user_welcome",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {
        "user": user,
        "link": link,
        "inviter": invited_by.get_full_name() or invited_by.get_username(),
        "role": people.role_of(user).label,
    }
    send_mail(
        subject=_("You are invited to the newsroom's desk"),
        message=render_to_string("admin/auth/user/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


admin.site.login_form = DeskLoginForm
