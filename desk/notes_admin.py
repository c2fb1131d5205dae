"""Corrections and notes in the admin: editors add them, nobody deletes them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import corrections, workflow
from articles.models import ArticleNote


class ArticleNoteForm(forms.ModelForm):
    class Meta:
        model = ArticleNote
        fields = ["article", "kind", "text"]

    def clean_article(self):
        article = self.cleaned_data["article"]
        if not article.is_live:
            raise ValidationError(_("Notes go on published stories that readers can see."))
        return article


class RemovalForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept on record with your name and the time."),
    )


@admin.register(ArticleNote)
class ArticleNoteAdmin(admin.ModelAdmin):
    form = ArticleNoteForm
    list_display = ["__str__", "kind", "created_at", "created_by", "removed_at", "remove_link"]
    list_filter = ["kind", ("removed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["revision", "removed_at", "removed_by", "removal_reason"]

    # Editors only; once added, a note is part of the record and is not edited.
    def has_module_permission(self, request):
        return workflow.is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return workflow.is_editor(request.user)

    def has_add_permission(self, request):
        return workflow.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        note = corrections.add_note(
            form.cleaned_data["article"],
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            user=request.user,
        )
        obj.pk = note.pk

    @admin.display(description=_("Remove"))
    def remove_link(self, note: ArticleNote) -> str:
        if note.removed_at:
            return format_html(
                gettext("Removed by {who}: {reason}"),
                who=note.removed_by,
                reason=note.removal_reason,
            )
        url = reverse("admin:articles_articlenote_remove", args=[note.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Remove…"))

    def get_urls(self):
        remove = self.admin_site.admin_view(self.remove_view)
        return [
            path("<int:pk>/remove/", remove, name="articles_articlenote_remove"),
            *super().get_urls(),
        ]

    def remove_view(self, request, pk: int):
        """Ask why, then take the note off the page; the record stays."""
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        note = get_object_or_404(ArticleNote.objects.select_related("article"), pk=pk)
        form = RemovalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            corrections.remove_note(note, user=request.user, reason=form.cleaned_data["reason"])
            self.message_user(
                request,
                gettext("%(note)s was removed; the removal is on record.") % {"note": note},
            )
            return HttpResponseRedirect(reverse("admin:articles_articlenote_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Remove the %(kind)s?") % {"kind": note.get_kind_display().lower()},
            "note": note,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/articlenote/remove.html", context)
