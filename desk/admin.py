"""The editorial desk: Django admin with TinyMCE for the body."""

import reversion
from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from reversion.admin import VersionAdmin

from articles import clock, editing, front_page, readiness, revisions, search, workflow
from articles.models import Article, ArticleAuthor, Author, Dateline, Tag
from reader.site import absolute_url

from . import actions as list_actions
from . import autosave, board, live, previews
from .actions import live_action, transition_action
from .filters import MyArticlesFilter, StatusFilter
from .forms import WORKFLOW_BUTTON, ArticleAdminForm, BylineFormSet
from .history import diff as revision_diff
from .paginators import DeskArticleQuerySet, EstimatedCountPaginator

# The desk's home replaces the app index (desk/home.py, per person).
admin.site.index_template = "admin/desk/home.html"


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    formset = BylineFormSet
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = gettext_lazy("author")
    verbose_name_plural = gettext_lazy("Authors, in the order shown to readers (by position)")


def _zoned(label):
    """A column heading naming the newsroom's zone: ``Published at (UTC)``."""
    return lazy(lambda: f"{label} ({clock.zone_name()})", str)()


# Fieldsets the change form draws specially (change_form.html), known there by
# a class of their own: their names are translated, so never compared.
BYLINE_FIELDSET = "newsroom-byline"
SEARCH_AND_SOCIAL_FIELDSET = "newsroom-search-and-social"

# The latest workflow moves shown on the change form, with their notes.
MOVES_SHOWN = 5


# The browser's copy of a change form (static/js/keep_text.js) is dropped
# when the desk answers a save that succeeded with this cookie naming it.
KEPT_TEXT_SAVED_COOKIE = "newsroom_kept_saved"


def kept_text_key(request, article: Article | None) -> str:
    """Which browser copy a form is: this user's, this article's (or a new one's)."""
    return f"{request.user.pk}:{article.pk if article is not None and article.pk else 'new'}"


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ["dateline", "tags"]
    # Six columns that fit beside the filters at 1280 px: times are short
    # ("3 Dec 2026, 07:22") and each pair that belongs together shares one.
    list_display = [
        "headline",
        "status_label",
        "published_at_in_zone",
        "embargo_until_in_zone",
        "byline_text",
        "front_page_position",
        "last_edit",
    ]
    list_filter = [MyArticlesFilter, StatusFilter, "authors", "tags", "dateline"]
    # Searched through the search index (get_search_results), never icontains.
    search_fields = ["headline"]
    search_help_text = gettext_lazy(
        "Finds words in the headline, standfirst and body, an author's name or the "
        'dateline. "Exact phrase", -leave-out and or work as on the site.'
    )
    # No count of the whole table on every load (see desk.paginators).
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    date_hierarchy = "published_at"
    list_select_related = ["dateline", "last_edited_by", "assigned_to"]
    change_list_template = "admin/articles/article/change_list.html"
    actions = [
        *(transition_action(workflow.Action(action)) for action in workflow.MOVES),
        list_actions.add_tag,
        list_actions.remove_tag,
        list_actions.assign,
        live_action("start"),
        live_action("end"),
    ]
    # The form's field list, grouped as the desk works: copy, credit, timing.
    # The "Byline" fieldset and the authors inline are drawn as one section
    # (change_form.html); search and social come last, with their previews.
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "edit_version"]}),
        (gettext_lazy("Byline"), {"fields": ["byline"], "classes": [BYLINE_FIELDSET]}),
        (gettext_lazy("Lead image"), {"fields": ["lead_image"]}),
        (gettext_lazy("Place and topics"), {"fields": ["dateline", "tags"]}),
        (
            gettext_lazy("Publication"),
            {"fields": ["status_label", "published_at", "embargo_until", "workflow_note"]},
        ),
        (gettext_lazy("Front page"), {"fields": ["front_page_position"]}),
        (gettext_lazy("Assignment"), {"fields": ["assigned_to"]}),
        (
            gettext_lazy("Search and social"),
            {
                "fields": ["seo_title", "meta_description", "social_headline", "social_image"],
                "classes": [SEARCH_AND_SOCIAL_FIELDSET],
                "description": gettext_lazy(
                    "Optional: what search engines and social sites show. "
                    "Empty fields use the headline, the standfirst and the lead image."
                ),
            },
        ),
    ]

    class Media:
        # On the change form and the list a save lands on (keeps what was typed
        # in the browser until a save succeeds).
        js = ["js/keep_text.js"]

    def view_on_site(self, obj: Article) -> str:
        """The story's address once readers can see it; before that, its preview."""
        if obj.is_live:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def get_search_results(self, request, queryset, search_term):
        """Through the search index (PostgreSQL full text; the fallback elsewhere)."""
        query = search.clean_query(search_term)
        if not query:
            return queryset, False
        return search.matching(queryset, query), False

    def get_queryset(self, request):
        # Who may read what: the one rule (the list, its search, the form),
        # in a queryset whose count the list never makes over the whole table.
        listed = Article.objects.visible_to(request.user)
        return DeskArticleQuerySet(
            self.model, query=listed.query, using=listed.db
        ).prefetch_related(
            Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author"))
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A reporter's new story opens with their own author record as its first byline."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        new = obj is None or obj.pk is None
        own = getattr(request.user, "author_profile", None) if new else None
        if isinstance(inline, ArticleAuthorInline) and own is not None and request.method == "GET":
            kwargs["initial"] = [
                {"author": own.pk, "role": ArticleAuthor.Role.WRITER, "position": 0}
            ]
        return kwargs

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
            actions.pop("assign", None)
        if not workflow.may_run_live(request.user):
            actions.pop("live_start", None)
            actions.pop("live_end", None)
        return actions

    def get_changelist_instance(self, request):
        """While searching, no date hierarchy: its first and last dates over a
        search's matches would read every matching story's document."""
        changelist = super().get_changelist_instance(request)
        if changelist.query:
            changelist.date_hierarchy = None
        return changelist

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "may_recover": workflow.is_editor(request.user),
            "may_arrange_front_page": front_page.may_arrange(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article()
        form = context["adminform"].form
        context["workflow_actions"] = (
            workflow.available_actions(article, request.user)
            if self.has_change_permission(request, obj) or add
            else []
        )
        # Schedule sits beside Publish once a time still to come is set.
        typed_time = form.instance.published_at
        context["schedule_ready"] = bool(typed_time and typed_time > timezone.now())
        context["readiness"] = self._readiness(context, obj)
        context["newsroom_zone"] = clock.zone_name()
        context["workflow_button"] = WORKFLOW_BUTTON
        context["may_share"] = workflow.is_editor(request.user)
        context["may_preview"] = obj is not None and workflow.can_edit(obj, request.user)
        context["may_post_live"] = obj is not None and workflow.may_post_update(obj, request.user)
        context["moves"] = (
            list(obj.transitions.select_related("user")[:MOVES_SHOWN]) if obj is not None else []
        )
        context["newer_version"] = context["adminform"].form.newer_version
        context["kept_text_key"] = kept_text_key(request, obj)

        context["byline_fieldset"] = BYLINE_FIELDSET
        context["search_fieldset"] = SEARCH_AND_SOCIAL_FIELDSET
        context["preview_form_url"] = (
            reverse("admin:articles_article_preview", args=[obj.pk])
            if obj is not None and context["may_preview"]
            else reverse("admin:articles_article_preview_new")
            if obj is None
            else ""
        )
        context["site_name_for_cards"] = settings.NEWSROOM_SITE_NAME
        context["site_url_for_cards"] = absolute_url("/").rstrip("/")
        card_image = (obj.social_image or obj.lead_image) if obj is not None else None
        context["card_image_url"] = board.thumbnail_url(card_image)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._saved(request, super().response_add(request, obj, post_url_continue), None)

    def response_change(self, request, obj):
        return self._saved(request, super().response_change(request, obj), obj)

    @staticmethod
    def _saved(request, response, article: Article | None):
        """The save went through: the browser may drop its copy of the form.

        Sent only with the redirect that follows a save (a refused save shows
        the form again, with no redirect); if the transaction then fails to
        commit, this response is never sent.
        """
        if response.status_code == 302:
            response.set_cookie(
                KEPT_TEXT_SAVED_COOKIE,
                kept_text_key(request, article),
                max_age=300,
                path=reverse("admin:index"),
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

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
            if action == workflow.Action.SCHEDULE and form.instance.published_at:
                when = clock.desk_moment(form.instance.published_at)
                self.message_user(request, _("Scheduled for %(when)s.") % {"when": when})
            else:
                self.message_user(
                    request, _("%(move)s: done.") % {"move": workflow.Action(action).label}
                )

    def _readiness(self, context, obj) -> list[str] | None:
        """What the story lacks before publishing: from a refused publish, else as stored.

        None for a story that is out (or withdrawn): nothing to check then.
        """
        for inline in context.get("inline_admin_formsets", []):
            gaps = getattr(inline.formset, "readiness_gaps", None)
            if gaps is not None:
                return gaps
        if obj is None:
            return None
        if obj.status not in {Article.Status.DRAFT, Article.Status.REVIEW}:
            return None
        return readiness.missing(obj)

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
            path(
                "front-page/",
                self.admin_site.admin_view(self.front_page_view),
                name="articles_article_front_page",
            ),
            path("preview/", preview, name="articles_article_preview_new"),
            path("<int:pk>/preview/", preview, name="articles_article_preview"),
            path("<int:pk>/share/", share, name="articles_article_share"),
            path(
                "<int:pk>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "<int:pk>/live/",
                self.admin_site.admin_view(live.live_desk),
                name="articles_article_live",
            ),
            *super().get_urls(),
        ]

    def front_page_view(self, request):
        """The front-page board (editors only): every slot, arranged in one save."""
        return board.board_view(request, self.admin_site, self.model._meta)

    # Shown in a panel beside the form: this page may be framed by the desk
    # itself (X-Frame-Options and the CSP's frame-ancestors), by nobody else.
    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_replace({"frame-ancestors": [SELF]}))
    def preview_view(self, request, pk: int | None = None):
        """The story exactly as readers will see it, for anyone who may edit it.

        GET shows what is stored; POST (the form's Preview button) shows what
        is in the form, unsaved, beside the form or in a new tab.
        """
        stored = previews.load_for_preview(pk) if pk is not None else None
        if stored is not None and not workflow.can_edit(stored, request.user):
            raise PermissionDenied
        if stored is None and not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            article = previews.article_from_form(request.POST, stored)
            response = previews.render_preview(request, article, shared=False, unsaved=True)
        elif stored is not None:
            response = previews.render_preview(request, stored, shared=False)
        else:
            return HttpResponseNotAllowed(["POST"])
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
            "title": _("Share a preview of “%(article)s”") % {"article": article},
            "lifetimes": previews.SHARE_LIFETIMES,
        }
        if request.method == "POST":
            choice = previews.SHARE_LIFETIMES.get(request.POST.get("lifetime", ""))
            if choice is None:
                context["error"] = _("Choose how long the link should work.")
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
            return JsonResponse({"error": _("POST the form's fields.")}, status=405)
        article = get_object_or_404(Article, pk=pk)
        if not workflow.can_edit(article, request.user):
            raise PermissionDenied
        try:
            base_version = autosave.parse_version(request.POST.get("edit_version", ""))
            buffer = autosave.store(article, request.user, request.POST, base_version=base_version)
        except autosave.Refused as refused:
            return JsonResponse({"error": refused.message}, status=400)
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
            {
                "version": version,
                "state": Article.Status(version.field_dict["status"]).label,
                "current": index == 0,
            }
            for index, version in enumerate(revisions.versions_of(object_id))
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
        is_current = chosen.pk == history[0].pk
        may_restore = self.has_change_permission(request, article) and not is_current
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied(
                    _("This revision is the current text already.")
                    if is_current
                    else _("You may not restore revisions of this article.")
                )
            if article.is_live and request.POST.get("confirmed") != "yes":
                # A live story: what readers see changes at once, so ask first.
                context = {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "original": article,
                    "title": _("Restore a revision of a live story: “%(article)s”")
                    % {"article": article},
                    "chosen": chosen,
                }
                return TemplateResponse(
                    request, "admin/articles/article/revision_restore_confirm.html", context
                )
            revisions.restore(article, chosen, user=request.user)
            self.message_user(
                request, _("The revision was restored; the previous text is in the history.")
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        against = next((v for v in history if str(v.pk) == request.GET.get("against")), history[0])
        older, newer = sorted([chosen, against], key=lambda v: (v.revision.date_created, v.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Changes to “%(article)s”") % {"article": article},
            "chosen": chosen,
            "against": against,
            "older": older,
            "newer": newer,
            "history": history,
            "changes": revision_diff(older, newer),
            "may_restore": may_restore,
            "is_current": is_current,
            "current_pk": history[0].pk,
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
    @admin.display(description=gettext_lazy("Status"), ordering="status")
    def status_label(self, article: Article) -> str:
        # A scheduled story's time, with its zone, is in the next column; a
        # story in live coverage carries the "Live" badge beside its status.
        status = (
            pgettext("article status", "Scheduled")
            if article.is_scheduled
            else article.get_status_display()
        )
        if article.in_live_coverage:
            return format_html('{} <strong class="live-badge">{}</strong>', status, _("Live"))
        return status

    @admin.display(description=_zoned(gettext_lazy("Published at")), ordering="published_at")
    def published_at_in_zone(self, article: Article) -> str:
        return clock.desk_moment(article.published_at) if article.published_at else "-"

    @admin.display(description=_zoned(gettext_lazy("Embargo until")), ordering="embargo_until")
    def embargo_until_in_zone(self, article: Article) -> str:
        return clock.desk_moment(article.embargo_until) if article.embargo_until else "-"

    @admin.display(description=_zoned(gettext_lazy("Last edit")), ordering="updated_at")
    def last_edit(self, article: Article) -> str:
        who = article.last_edited_by.get_username() if article.last_edited_by else ""
        when = _short_time(article.updated_at)
        return _("%(when)s by %(who)s") % {"when": when, "who": who} if who else when

    @admin.display(description=gettext_lazy("Byline"))
    def byline_text(self, article: Article) -> str:
        if article.byline:
            return article.byline
        return ", ".join(link.author.name for link in article.ordered_authors)


def _short_time(moment) -> str:
    """``3 Dec 2026, 07:22`` in the newsroom's zone: a list column's width."""
    return date_format(timezone.localtime(moment), "j M Y, H:i")


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


# These modules register their own admins.
from . import notes_admin, notifications_admin, people  # noqa: E402, F401
