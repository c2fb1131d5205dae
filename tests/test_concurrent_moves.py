"""A workflow move made while someone's form save is under way is never undone.

An editor submits the change form of a story while a colleague moves it
(withdraws it from the list, say). The form's save read the row before the
move; it must not write the old state back. The test makes the race happen
every time instead of by luck: it pauses the form's save just after the
admin has read the article, makes the move from another connection, then
lets the save finish.

On PostgreSQL the move completes during the pause, and the form must be
refused as stale. On SQLite every write transaction holds the database's
write lock from its start, so the move waits for the save; either way the
move that was reported done is what is stored.
"""

import threading

import pytest
from django.db import connection

from articles import workflow
from articles.models import Article, ArticleTransition
from desk.admin import ArticleAdmin

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, logged_in

Status = Article.Status
PAUSE_SECONDS = 10

MOVES = [
    # (state the form was opened in, the move made meanwhile, who makes it)
    (Status.DRAFT, workflow.Action.SUBMIT, "reporter"),
    (Status.REVIEW, workflow.Action.PUBLISH, "editor"),
    (Status.REVIEW, workflow.Action.SEND_BACK, "editor"),
    (Status.PUBLISHED, workflow.Action.WITHDRAW, "editor"),
    (Status.WITHDRAWN, workflow.Action.REDRAFT, "editor"),
]


class PausedAfterRead:
    """Holds the admin's save between reading the article and writing it."""

    def __init__(self, monkeypatch):
        self.read = threading.Event()
        self.go_on = threading.Event()
        original = ArticleAdmin.get_object

        def get_object(admin, request, object_id, from_field=None):
            article = original(admin, request, object_id, from_field)
            if request.method == "POST":
                self.read.set()
                self.go_on.wait(PAUSE_SECONDS)
            return article

        monkeypatch.setattr(ArticleAdmin, "get_object", get_object)


def in_thread(target) -> tuple[threading.Thread, dict]:
    """Run ``target`` on its own database connection; keep its result or error."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = target()
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("opened_in", "action", "mover_role"), MOVES)
def test_a_move_during_a_form_save_is_never_undone(
    make_user, monkeypatch, opened_in, action, mover_role
):
    writer = make_user("editor", "writer")
    mover = make_user(mover_role, "mover")
    never_out = opened_in in {Status.DRAFT, Status.REVIEW}
    article = ArticleFactory(
        headline="Bridge closed",
        status=opened_in,
        created_by=mover,
        **({"published_at": None} if never_out else {}),
    )
    target = workflow.MOVES[action].target
    form_data = change_form(article, headline="Bridge closed for repairs")
    paused = PausedAfterRead(monkeypatch)

    def save_the_form():
        return logged_in(writer).post(change_url(article), form_data)

    def make_the_move():
        return workflow.transition(
            Article.objects.get(pk=article.pk), action=action, user=mover, note="meanwhile"
        )

    saving, saved = in_thread(save_the_form)
    assert paused.read.wait(PAUSE_SECONDS), "the form save never read the article"
    moving, moved = in_thread(make_the_move)
    moving.join(2)
    move_finished_during_the_pause = not moving.is_alive()
    paused.go_on.set()
    saving.join(PAUSE_SECONDS)
    moving.join(PAUSE_SECONDS)

    assert "error" not in saved, saved
    assert "error" not in moved, moved
    article.refresh_from_db()
    assert article.status == target
    assert ArticleTransition.objects.filter(article=article, action=action).count() == 1
    if connection.vendor == "postgresql":
        # The race really happened: the move went first, so the form is stale.
        assert move_finished_during_the_pause
        assert saved["result"].status_code == 200
        assert "changed this article" in saved["result"].content.decode()
        assert article.headline == "Bridge closed"
    else:
        # SQLite queued the move behind the save: both are kept.
        assert not move_finished_during_the_pause
        assert saved["result"].status_code == 302
        assert article.headline == "Bridge closed for repairs"
