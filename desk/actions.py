"""Changelist actions: the workflow's moves, applied to each selected article it may."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from articles import workflow


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
                refused.append(f"\u201c{article}\u201d: {reason}")
            else:
                moved += 1
        if moved:
            modeladmin.message_user(request, f"{action.label}: {moved} article(s).")
        if refused:
            modeladmin.message_user(
                request, "Not moved \u2014 " + " ".join(refused), level=messages.ERROR
            )

    run.__name__ = f"workflow_{action.value}"
    return admin.action(description=f"{action.label} (selected articles)")(run)
