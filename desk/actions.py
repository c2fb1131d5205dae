"""Changelist actions: the workflow's moves (and live coverage's switch), applied to
each selected article it may."""

from django.contrib import admin, messages

from articles import workflow


def transition_action(action: workflow.Action):
    """A changelist action that moves each selected article it may, one by one."""

    def run(modeladmin, request, queryset):
        moved, refused = 0, []
        for article in queryset:
            try:
                workflow.transition(article, action=action, user=request.user)
            except (workflow.TransitionNotAllowed, workflow.EmbargoInForce) as exc:
                reason = exc.messages[0] if hasattr(exc, "messages") else str(exc)
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


LIVE_SWITCHES = {
    "start": (workflow.start_live, "Start live coverage"),
    "end": (workflow.end_live, "End live coverage"),
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
                refused.append(f"\u201c{article}\u201d: {exc}")
            else:
                done += 1
        if done:
            modeladmin.message_user(request, f"{label}: {done} article(s).")
        if refused:
            modeladmin.message_user(
                request, "Not changed \u2014 " + " ".join(refused), level=messages.ERROR
            )

    run.__name__ = f"live_{switch}"
    return admin.action(description=f"{label} (selected articles)")(run)
