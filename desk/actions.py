"""Changelist actions: the workflow's moves (and live coverage's switch), applied to
each selected article it may, and tags and assignments for many stories at once
(asked on a page between)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import bulk, workflow
from articles.models import Tag


def _count_message(done, count: int) -> str:
    """``Publish: 3 article(s).``, in the site's language."""
    message = ngettext("%(done)s: %(count)d article(s).", "%(done)s: %(count)d article(s).", count)
    return message % {"done": done, "count": count}


def _refusal(article, reason) -> str:
    return gettext("“%(article)s”: %(reason)s") % {"article": article, "reason": reason}


def _for_selected(label) -> str:
    """An action's description, translated when the list is drawn (a lazy string)."""
    return lazy(lambda: gettext("%(move)s (selected articles)") % {"move": label}, str)()


def transition_action(action: workflow.Action):
    """A changelist action that moves each selected article it may, one by one."""

    def run(modeladmin, request, queryset):
        moved, refused = 0, []
        for article in queryset:
            try:
                workflow.transition(article, action=action, user=request.user)
            except (workflow.TransitionNotAllowed, ValidationError) as exc:
                # Not allowed, under embargo, not ready (every gap listed), wrong clock.
                reason = " ".join(exc.messages) if hasattr(exc, "messages") else str(exc)
                refused.append(_refusal(article, reason))
            else:
                moved += 1
        if moved:
            modeladmin.message_user(request, _count_message(action.label, moved))
        if refused:
            modeladmin.message_user(
                request,
                gettext("Not moved — %(reasons)s") % {"reasons": " ".join(refused)},
                level=messages.ERROR,
            )

    run.__name__ = f"workflow_{action.value}"
    return admin.action(description=_for_selected(action.label))(run)


# --- Tags and assignments: an intermediate page asks which --------------------
class TagChoiceForm(forms.Form):
    tag = forms.ModelChoiceField(queryset=Tag.objects.order_by("name"), label=_("Tag"))


class AssignForm(forms.Form):
    colleague = forms.ModelChoiceField(
        queryset=get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .order_by("username"),
        required=False,
        empty_label=_("Nobody (unassign)"),
        label=_("Colleague"),
    )


APPLY = "apply"
StrOrPromise = str | Promise


def _report(modeladmin, request, outcome: bulk.Outcome, done: str) -> None:
    if outcome.changed:
        modeladmin.message_user(request, _count_message(done, len(outcome.changed)))
    if outcome.unchanged:
        modeladmin.message_user(
            request, _("Already so: %(count)d article(s).") % {"count": len(outcome.unchanged)}
        )
    if outcome.refused:
        reasons = " ".join(f"{_refusal(article, reason)}." for article, reason in outcome.refused)
        modeladmin.message_user(
            request,
            gettext("Not changed — %(reasons)s") % {"reasons": reasons},
            level=messages.ERROR,
        )


def _ask_then_apply(modeladmin, request, queryset, *, form_class, title: StrOrPromise, apply):
    """The intermediate page: choose, then apply to each selected article."""
    if APPLY in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            apply(form.cleaned_data)
            return None  # back to the list, with the messages
    else:
        form = form_class()
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "form": form,
        "articles": list(queryset),
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
        "apply": APPLY,
    }
    return TemplateResponse(request, "admin/articles/article/bulk_action.html", context)


@admin.action(description=_("Add a tag (selected articles)"))
def add_tag(modeladmin, request, queryset):
    def apply(data):
        outcome = bulk.add_tag(queryset, data["tag"], user=request.user)
        _report(modeladmin, request, outcome, _("Tag “%(tag)s” added") % {"tag": data["tag"]})

    return _ask_then_apply(
        modeladmin, request, queryset, form_class=TagChoiceForm, title=_("Add a tag"), apply=apply
    )


@admin.action(description=_("Remove a tag (selected articles)"))
def remove_tag(modeladmin, request, queryset):
    def apply(data):
        outcome = bulk.remove_tag(queryset, data["tag"], user=request.user)
        _report(
            modeladmin,
            request,
            outcome,
            _("Tag “%(tag)s” removed") % {"tag": data["tag"]},
        )

    return _ask_then_apply(
        modeladmin,
        request,
        queryset,
        form_class=TagChoiceForm,
        title=_("Remove a tag"),
        apply=apply,
    )


@admin.action(description=_("Assign to a colleague (selected articles)"))
def assign(modeladmin, request, queryset):
    def apply(data):
        colleague = data["colleague"]
        outcome = bulk.assign(queryset, colleague, user=request.user)
        name = colleague.get_username() if colleague else _("nobody")
        _report(modeladmin, request, outcome, _("Assigned to %(name)s") % {"name": name})

    return _ask_then_apply(
        modeladmin,
        request,
        queryset,
        form_class=AssignForm,
        title=_("Assign to a colleague"),
        apply=apply,
    )


LIVE_SWITCHES = {
    "start": (workflow.start_live, _("Start live coverage")),
    "end": (workflow.end_live, _("End live coverage")),
}


def live_action(switch: str):
    """Start or end the live coverage of each selected story that may."""
    move, label = LIVE_SWITCHES[switch]

    def run(modeladmin, request, queryset):
        done, refused = 0, []
        for article in queryset:
            try:
                move(article, user=request.user)
            except workflow.TransitionNotAllowed as exc:
                refused.append(_refusal(article, exc))
            else:
                done += 1
        if done:
            modeladmin.message_user(request, _count_message(label, done))
        if refused:
            modeladmin.message_user(
                request,
                gettext("Not changed — %(reasons)s") % {"reasons": " ".join(refused)},
                level=messages.ERROR,
            )

    run.__name__ = f"live_{switch}"
    return admin.action(description=_for_selected(label))(run)
