"""The live desk: a compact page to post and manage a story's live updates from a phone.

``/admin/articles/article/<pk>/live/``: the update form at the top (it fits
375 px), then the story's updates with their buttons (publish a draft,
correct, pin, mark a key event, remove) and, for editors, the switch to
start or end the live coverage. Every rule is the domain's
(``articles.workflow``, ``articles.live``); this module only shows and
forwards.

The form carries an idempotency key made when it is shown, so a post
retried after a dropped connection never makes a second update. A refused
post answers 400 or 403 with what was typed still in the form; the static
script (``desk/static/js/live_desk.js``) also keeps it in the browser until
a post succeeds.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import live, workflow
from articles.models import Article, Author, LiveUpdate

# The updates listed under the form, newest first (drafts and removed ones too).
UPDATES_SHOWN = 100


class LiveUpdateForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (optional)"), max_length=255, required=False)
    body = forms.CharField(
        label=gettext_lazy("Update"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Plain text: a blank line starts a new paragraph."),
        error_messages={"required": gettext_lazy("Write the update: its text is empty.")},
    )
    key_event = forms.BooleanField(label=gettext_lazy("Key event"), required=False)
    pinned = forms.BooleanField(label=gettext_lazy("Pin it (shown first)"), required=False)
    authors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("By"), queryset=Author.objects.all(), required=False
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    update = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _article(pk: int) -> Article:
    return get_object_or_404(Article, pk=pk)


def _own_author(user) -> list[Author]:
    return list(Author.objects.filter(user=user)[:1])


def desk_url(article: Article) -> str:
    return reverse("admin:articles_article_live", args=[article.pk])


def _render(request, article: Article, form: LiveUpdateForm, *, status: int = 200, error=""):
    updates = list(
        article.live_updates.order_by("-created_at", "-pk").prefetch_related("authors")[
            :UPDATES_SHOWN
        ]
    )
    for update in updates:
        update.article = article
        update.may_change = workflow.may_change_update(update, request.user)
    context = {
        **admin.site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": _("Live updates: %(headline)s") % {"headline": article.headline},
        "form": form,
        "error": error,
        "updates": updates,
        "editing": form["update"].value(),
        "may_publish": workflow.may_publish_update(article, request.user),
        "may_run_live": workflow.may_run_live(request.user),
    }
    response = TemplateResponse(request, "admin/articles/article/live.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _new_form(request, article: Article, update: LiveUpdate | None = None) -> LiveUpdateForm:
    if update is not None:
        return LiveUpdateForm(
            initial={
                "title": update.title,
                "body": update.body,
                "key_event": update.key_event,
                "pinned": update.pinned,
                "authors": list(update.authors.all()),
                "idempotency_key": update.idempotency_key,
                "update": update.pk,
            }
        )
    return LiveUpdateForm(
        initial={"idempotency_key": uuid.uuid4(), "authors": _own_author(request.user)}
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def live_desk(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    if not workflow.may_post_update(article, request.user):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "post")
        if action == "post":
            return _post(request, article)
        return _act(request, article, action)
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = article.live_updates.filter(pk=int(request.GET["edit"])).first()
        if editing is not None and not workflow.may_change_update(editing, request.user):
            editing = None
    return _render(request, article, _new_form(request, article, editing))


def _refused(request, article, form, message: str, status: int) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return _render(request, article, form, status=status, error=message)


def _post(request: HttpRequest, article: Article) -> HttpResponse:
    """A new update, or a correction of one (``update`` set)."""
    form = LiveUpdateForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _refused(request, article, form, message, 400)
    data = form.cleaned_data
    publish = request.POST.get("publish") == "1"
    try:
        if data["update"]:
            update = get_object_or_404(LiveUpdate, pk=data["update"], article=article)
            update = live.correct_update(
                update,
                user=request.user,
                title=data["title"],
                body=data["body"],
                key_event=data["key_event"],
                authors=data["authors"],
            )
            if publish:
                update = live.publish_update(update, user=request.user)
            done, made = _("Update corrected."), False
        else:
            update, made = live.post_update(
                article,
                user=request.user,
                title=data["title"],
                body=data["body"],
                idempotency_key=data["idempotency_key"],
                publish=publish,
                pinned=data["pinned"],
                key_event=data["key_event"],
                authors=data["authors"],
            )
            done = _("Update published.") if publish else _("Draft saved.")
    except PermissionDenied as exc:
        return _refused(request, article, form, str(exc) or _("Not allowed."), 403)
    except ValidationError as exc:
        return _refused(request, article, form, " ".join(exc.messages), 400)
    if _wants_json(request):
        return JsonResponse({"id": update.pk, "created": made, "status": update.status})
    messages.success(request, done)
    return HttpResponseRedirect(desk_url(article))


ACTIONS = {
    "publish": lambda update, user: live.publish_update(update, user=user),
    "remove": lambda update, user: live.remove_update(update, user=user),
    "pin": lambda update, user: live.mark_update(update, user=user, pinned=True),
    "unpin": lambda update, user: live.mark_update(update, user=user, pinned=False),
    "key": lambda update, user: live.mark_update(update, user=user, key_event=True),
    "unkey": lambda update, user: live.mark_update(update, user=user, key_event=False),
}


def _act(request: HttpRequest, article: Article, action: str) -> HttpResponse:
    try:
        if action == "start":
            workflow.start_live(article, user=request.user)
            messages.success(request, _("Live coverage started."))
        elif action == "end":
            workflow.end_live(article, user=request.user)
            messages.success(request, _("Live coverage ended."))
        elif action in ACTIONS:
            raw = request.POST.get("update", "")
            if not raw.isdigit():
                return _refused(
                    request, article, _new_form(request, article), _("No update given."), 400
                )
            update = get_object_or_404(LiveUpdate, pk=int(raw), article=article)
            ACTIONS[action](update, request.user)
            messages.success(request, _("Done."))
        else:
            return _refused(
                request, article, _new_form(request, article), _("Unknown action."), 400
            )
    except (PermissionDenied, ValidationError) as exc:
        message = " ".join(getattr(exc, "messages", [])) or str(exc) or _("Not allowed.")
        status = 403 if isinstance(exc, PermissionDenied) else 400
        return _refused(request, article, _new_form(request, article), message, status)
    return HttpResponseRedirect(desk_url(article))
