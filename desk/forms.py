"""The article change form: copy, credits and timing; the status moves only by buttons."""

import copy
from typing import cast

from django import forms
from django.forms.models import BaseInlineFormSet
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tinymce.widgets import TinyMCE

from articles import clock, editing, readiness, sanitizer, workflow
from articles.models import Article
from images.markup import fill_missing_alt
from images.widgets import ImageChooserWidget

# The name of the submit button that asks for a workflow move.
WORKFLOW_BUTTON = "_workflow"
# The moves that put a story before readers, and so need it ready.
GOING_OUT = {workflow.Action.PUBLISH, workflow.Action.SCHEDULE}


class ArticleAdminForm(forms.ModelForm):
    """The change form; the status moves only through ``workflow`` buttons.

    ``status`` is not a field: a hand-made POST that sends one changes
    nothing. The button pressed (``_workflow``) is checked here, before
    anything is saved, so a refused move keeps what the user typed.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_note = forms.CharField(
        label=gettext_lazy("Note for the move"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Recorded with a submit, publish, send-back or withdrawal, "
            "e.g. what to fix before it goes out."
        ),
    )
    user = None  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "lead_image",
            "byline",
            "dateline",
            "tags",
            "published_at",
            "front_page_position",
            "embargo_until",
            "seo_title",
            "meta_description",
            "social_headline",
            "social_image",
            "assigned_to",
        ]
        widgets = {
            # One line as wide as the form, in a headline's size (desk_editing.css).
            "headline": forms.TextInput(attrs={"class": "vTextField headline-input"}),
            "body": TinyMCE(),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "lead_image": ImageChooserWidget(Article._meta.get_field("lead_image").remote_field),
            "meta_description": forms.Textarea(attrs={"rows": 2}),
            "social_image": ImageChooserWidget(
                Article._meta.get_field("social_image").remote_field
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version
        self.newer_version: Article | None = None
        for name in ("published_at", "embargo_until"):
            if name in self.fields:
                field = self.fields[name]
                field.help_text = f"{field.help_text} {clock.zone_note()}".strip()

    def clean_body(self) -> str:
        """Refuse a body too long or too deeply nested, keeping it in the form;
        library pictures inserted without alt text take the text given at upload."""
        body = self.cleaned_data.get("body", "")
        try:
            sanitizer.check_limits(body)
        except sanitizer.MarkupRefused as refused:
            raise forms.ValidationError(refused.message, code="markup_refused") from None
        return fill_missing_alt(body)

    @property
    def requested_action(self) -> str:
        return self.data.get(WORKFLOW_BUTTON, "")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_not_stale(cleaned)
        action = self.requested_action
        if action and not workflow.can(self.user, action, self.instance):
            raise forms.ValidationError(
                _("You may not make that move on this article; nothing was saved.")
            )
        self._check_publication(cleaned, action=action)
        return cleaned

    def _check_not_stale(self, cleaned) -> None:
        stored = editing.current_version(self.instance.pk, lock=True)
        opened_with = cleaned.get("edit_version")
        if opened_with == stored.version:
            return
        self.newer_version = stored
        # The next save, after merging, is made against what is stored now.
        merged = cast(QueryDict, self.data).copy()
        merged[self.add_prefix("edit_version")] = str(stored.version)
        self.data = merged
        who = stored.last_edited_by.get_username() if stored.last_edited_by else _("someone else")
        when = date_format(timezone.localtime(stored.updated_at), "j F Y, H:i")
        raise forms.ValidationError(
            _(
                "%(who)s changed this article at %(when)s, after you opened it. Nothing was "
                "saved. Your text is still in the form; their version is shown above it. "
                "Merge the two and save again."
            )
            % {"who": who, "when": when}
        )

    def _check_publication(self, cleaned, *, action: str) -> None:
        """Check a publish or schedule (or an edit of a published story) before saving.

        Publish is for now, Schedule for a time still to come; the embargo
        must have passed by the time the story goes live, and the slug must
        be free on its publication day. (What the story itself lacks is
        checked with its byline rows, by ``BylineFormSet``.)
        """
        publishing = action in GOING_OUT
        candidate = copy.copy(self.instance)
        for name in ("slug", "published_at", "embargo_until"):
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        if publishing:
            candidate.status = Article.Status.PUBLISHED
        if candidate.status != Article.Status.PUBLISHED:
            return
        now = timezone.now()
        try:
            if publishing:
                workflow.check_clock(action, goes_live_at=candidate.published_at, now=now)
            workflow.check_embargo(candidate, goes_live_at=max(candidate.published_at or now, now))
            candidate.clean()
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc


class BylineFormSet(BaseInlineFormSet):
    """The byline rows; on *Publish* or *Schedule* also the story's readiness.

    Checked here because only here are the story's typed fields (the form's
    instance) and its byline rows as typed (not yet saved) both known. A
    refused publish saves nothing and keeps what was typed; the change form
    lists what is missing (``readiness_gaps``). The workflow checks again
    when the move is made, for every other path.
    """

    readiness_gaps: list[str] | None = None

    def clean(self):
        super().clean()
        if self.data.get(WORKFLOW_BUTTON) not in GOING_OUT:
            return
        authors = sum(
            1
            for form in self.forms
            if getattr(form, "cleaned_data", {}).get("author")
            and not getattr(form, "cleaned_data", {}).get("DELETE")
        )
        self.readiness_gaps = readiness.missing(self.instance, authors=authors)
        if self.readiness_gaps:
            raise forms.ValidationError(
                [_("Not published: the story is not ready."), *self.readiness_gaps]
            )
