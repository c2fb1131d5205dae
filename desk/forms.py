"""The article change form: copy, credits and timing; the status moves only by buttons."""

import copy
from typing import cast

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from tinymce.widgets import TinyMCE

from articles import editing, workflow
from articles.models import Article
from images.markup import fill_missing_alt
from images.widgets import ImageChooserWidget

# The name of the submit button that asks for a workflow move.
WORKFLOW_BUTTON = "_workflow"


class ArticleAdminForm(forms.ModelForm):
    """The change form; the status moves only through ``workflow`` buttons.

    ``status`` is not a field: a hand-made POST that sends one changes
    nothing. The button pressed (``_workflow``) is checked here, before
    anything is saved, so a refused move keeps what the user typed.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_note = forms.CharField(
        label="Note for the move",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded with a submit, publish, send-back or withdrawal, "
        "e.g. what to fix before it goes out.",
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

    @property
    def requested_action(self) -> str:
        return self.data.get(WORKFLOW_BUTTON, "")

    def clean_body(self) -> str:
        """Library pictures inserted without alt text take the text given at upload."""
        return fill_missing_alt(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_not_stale(cleaned)
        action = self.requested_action
        if action and not workflow.can(self.user, action, self.instance):
            raise forms.ValidationError(
                "You may not make that move on this article; nothing was saved."
            )
        self._check_publication(cleaned, publishing=action == workflow.Action.PUBLISH)
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
        who = stored.last_edited_by.get_username() if stored.last_edited_by else "someone else"
        when = date_format(timezone.localtime(stored.updated_at), "j F Y, H:i")
        raise forms.ValidationError(
            f"{who} changed this article at {when}, after you opened it. Nothing was saved. "
            "Your text is still in the form; their version is shown above it. "
            "Merge the two and save again."
        )

    def _check_publication(self, cleaned, *, publishing: bool) -> None:
        """Check a publish (or an edit of a published story) before saving.

        The embargo must have passed by the time the story goes live, and
        the slug must be free on its publication day.
        """
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
            workflow.check_embargo(candidate, goes_live_at=max(candidate.published_at or now, now))
            candidate.clean()
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
