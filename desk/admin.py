"""The editorial desk: Django admin with TinyMCE for the body."""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from reversion.admin import VersionAdmin

from articles import editing, revisions, workflow
from articles.models import Article, ArticleAuthor, Author, Dateline, Tag
from articles.search import clean_query, matching

from . import autosave, previews
from .actions import transition_action
from .filters import MyArticlesFilter, StatusFilter
from .forms import WORKFLOW_BUTTON, ArticleAdminForm
from .history import diff as revision_diff
from .paginators import DeskArticleQuerySet, EstimatedCountPaginator


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = "byline author"
    verbose_name_plural = "Byline (in the order shown to readers, by position)"


# The latest workflow moves shown on the change form, with their notes.
MOVES_SHOWN = 5


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ["dateline", "tags"]
    list_display = [
        "headline",
        "status_label",
        "published_at",
        "embargo_until",
        "byline_text",
        "front_page_position",
        "updated_at",
        "last_edited_by",
    ]
    list_filter = [MyArticlesFilter, StatusFilter, "authors", "tags", "dateline"]
    # Searched through the search index (get_search_results), not with
    # icontains; naming the fields shows the search box.
    search_fields = ["headline", "standfirst"]
    # No count of the whole table on every load (see desk.paginators).
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    date_hierarchy = "published_at"
    list_select_related = ["dateline", "last_edited_by"]
    actions = [transition_action(workflow.Action(action)) for action in workflow.MOVES]
    # The form's field list, grouped as the desk works: copy, credit, timing.
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "edit_version"]}),
        ("Lead image", {"fields": ["lead_image"]}),
        ("Byline and place", {"fields": ["byline", "dateline", "tags"]}),
        (
            "Publication",
            {"fields": ["status_label", "published_at", "embargo_until", "workflow_note"]},
        ),
        ("Front page", {"fields": ["front_page_position"]}),
    ]

    def get_queryset(self, request):
        listed = super().get_queryset(request)
        return DeskArticleQuerySet(
            self.model, query=listed.query, using=listed.db
        ).prefetch_related(
            Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author"))
        )

    def get_search_results(self, request, queryset, search_term):
        query = clean_query(search_term)
        if not query:
            return queryset, False
        return matching(queryset, query), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return type(form_class.__name__, (form_class,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        return ["status_label", *workflow.fields_closed_to(request.user)]

    # --- Who may do what: all from workflow -----------------------------
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        return workflow.is_editor(request.user) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.is_editor(request.user):
            for action, move in workflow.MOVES.items():
                if move.editors_only:
                    actions.pop(f"workflow_{action}", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article()
        context["workflow_actions"] = (
            workflow.available_actions(article, request.user)
            if self.has_change_permission(request, obj) or add
            else []
        )
        context["workflow_button"] = WORKFLOW_BUTTON
        context["may_share"] = workflow.is_editor(request.user)
        context["may_preview"] = obj is not None and workflow.can_edit(obj, request.user)
        context["moves"] = (
            list(obj.transitions.select_related("user")[:MOVES_SHOWN]) if obj is not None else []
        )
        context["newer_version"] = context["adminform"].form.newer_version
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Saving ----------------------------------------------------------
    def save_model(self, request, obj, form, change):
        """Every desk save goes through the domain's one write path."""
        # A change form without a version is treated as stale (version 0).
        opened_with = (form.cleaned_data["edit_version"] or 0) if change else None
        editing.save_edit(obj, user=request.user, expected_version=opened_with)
        if getattr(request, "recovering_deleted_article", False):
            # It comes back as a draft: going live again is a workflow move.
            request.workflow_move = workflow.recover_deleted(obj, user=request.user)
        autosave.discard(obj, request.user)  # saved for real: nothing left to restore

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = form.requested_action
        if action:
            move = workflow.transition(
                form.instance,
                action=action,
                user=request.user,
                note=form.cleaned_data.get("workflow_note", ""),
            )
            request.workflow_move = move
            self.message_user(request, f"{workflow.Action(action).label}: done.")

    def log_change(self, request, obj, message):
        """The history names the move and its note, not only the fields changed
        (reversion otherwise replaces the move's comment with the admin's)."""
        entry = super().log_change(request, obj, message)
        move = getattr(request, "workflow_move", None)
        if move is not None and reversion.is_active():
            reversion.set_comment(f"{move.summary} {entry.get_change_message()}".strip())
        return entry

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except editing.StaleEdit:
            # Someone saved between our check and our write (possible only
            # where rows cannot be locked, e.g. SQLite). Everything was rolled
            # back; running the view again shows the usual conflict form.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            # The embargo or the slug's day changed between the form's check
            # and the move; the whole save was rolled back.
            self.message_user(request, " ".join(exc.messages), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- Preview and share links -----------------------------------------
    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        share = self.admin_site.admin_view(self.share_view)
        return [
            path("<int:pk>/preview/", preview, name="articles_article_preview"),
            path("<int:pk>/share/", share, name="articles_article_share"),
            path(
                "<int:pk>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int):
        """The story exactly as readers will see it, for anyone who may edit it."""
        article = previews.load_for_preview(pk)
        if not workflow.can_edit(article, request.user):
            raise PermissionDenied
        response = previews.render_preview(request, article, shared=False)
        add_never_cache_headers(response)
        return response

    def share_view(self, request, pk: int):
        """An editor makes a signed, expiring, read-only link to send outside."""
        article = get_object_or_404(Article, pk=pk)
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Share a preview of \u201c{article}\u201d",
            "lifetimes": previews.SHARE_LIFETIMES,
        }
        if request.method == "POST":
            choice = previews.SHARE_LIFETIMES.get(request.POST.get("lifetime", ""))
            if choice is None:
                context["error"] = "Choose how long the link should work."
                return TemplateResponse(
                    request, "admin/articles/article/share.html", context, status=400
                )
            token, expires = previews.make_share_token(article, choice[1])
            context.update(link=previews.share_url(token), expires=expires)
        response = TemplateResponse(request, "admin/articles/article/share.html", context)
        add_never_cache_headers(response)
        return response

    # --- Autosave and presence --------------------------------------------
    RESTORE_PARAMETER = "restore_unsaved"
    DISCARD_PARAMETER = "discard_unsaved"

    def autosave_view(self, request, pk: int):
        """Keep what this user is typing (POST only, CSRF-checked by the admin)."""
        if request.method != "POST":
            return JsonResponse({"error": "POST the form's fields."}, status=405)
        article = get_object_or_404(Article, pk=pk)
        if not workflow.can_edit(article, request.user):
            raise PermissionDenied
        try:
            base_version = int(request.POST.get("edit_version", ""))
        except ValueError:
            return JsonResponse({"error": "edit_version must be a number."}, status=400)
        buffer = autosave.store(article, request.user, request.POST, base_version=base_version)
        autosave.mark_present(article, request.user)
        others = autosave.others_present(article, request.user)
        return JsonResponse(
            {
                "saved_at": date_format(timezone.localtime(buffer.saved_at), "H:i:s"),
                "others": [visit.user.get_username() for visit in others],
            }
        )

    def get_object(self, request, object_id, from_field=None):
        """The article; with ``?restore_unsaved`` its autosaved text put back in the form."""
        article = super().get_object(request, object_id, from_field)
        if (
            article is not None
            and request.method == "GET"
            and self.RESTORE_PARAMETER in request.GET
        ):
            buffer = autosave.pending(article, request.user)
            if buffer is not None:
                autosave.apply(buffer, article)
        return article

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        article = Article.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if article is not None and request.method == "GET":
            if self.DISCARD_PARAMETER in request.GET:
                autosave.discard(article, request.user)
            if workflow.can_edit(article, request.user):
                autosave.mark_present(article, request.user)
                extra_context["autosave_url"] = reverse(
                    "admin:articles_article_autosave", args=[article.pk]
                )
                if self.RESTORE_PARAMETER not in request.GET:
                    extra_context["unsaved"] = autosave.pending(article, request.user)
            extra_context["others_present"] = autosave.others_present(article, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    # --- History: diff, restore, recover --------------------------------
    object_history_template = "admin/articles/article/revision_history.html"

    def history_view(self, request, object_id, extra_context=None):
        rows = [
            {"version": version, "state": Article.Status(version.field_dict["status"]).label}
            for version in revisions.versions_of(object_id)
        ]
        return super().history_view(
            request, object_id, {"revision_rows": rows, **(extra_context or {})}
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One revision against another (the current one unless ``?against=``).

        POST restores it, as a new revision: a one-step undo that keeps the
        state and the version in between in the history.
        """
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        history = list(revisions.versions_of(article.pk))
        chosen = next((v for v in history if str(v.pk) == str(version_id)), None)
        if chosen is None:
            raise Http404("No such revision of this article.")
        may_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            revisions.restore(article, chosen, user=request.user)
            self.message_user(
                request, "The revision was restored; the previous text is in the history."
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        against = next((v for v in history if str(v.pk) == request.GET.get("against")), history[0])
        older, newer = sorted([chosen, against], key=lambda v: (v.revision.date_created, v.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Changes to \u201c{article}\u201d",
            "chosen": chosen,
            "against": against,
            "older": older,
            "newer": newer,
            "history": history,
            "changes": revision_diff(older, newer),
            "may_restore": may_restore,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)

    def recoverlist_view(self, request, extra_context=None):
        # Bringing back a deleted story is an editor's call, as deleting it was.
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        request.recovering_deleted_article = True
        return super().recover_view(request, version_id, extra_context)

    # --- List columns ----------------------------------------------------
    @admin.display(description="Status", ordering="status")
    def status_label(self, article: Article) -> str:
        return "Scheduled" if article.is_scheduled else article.get_status_display()

    @admin.display(description="Byline")
    def byline_text(self, article: Article) -> str:
        if article.byline:
            return article.byline
        return ", ".join(link.author.name for link in article.ordered_authors)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["user"]


@admin.register(Dateline)
class DatelineAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "slug"]
    search_fields = ["name", "country"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "in_navigation", "navigation_order"]
    list_editable = ["in_navigation", "navigation_order"]
    list_filter = ["in_navigation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


from . import notes_admin  # noqa: E402, F401 - registers the corrections admin
