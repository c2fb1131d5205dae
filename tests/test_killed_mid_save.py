"""A worker killed in the middle of a save leaves the story as it was.

Real gunicorn (tests/servers.py) with a test-only app that holds the save
inside its transaction (tests/slow_save); the worker doing it is killed with
SIGKILL, as the kernel's OOM killer or gunicorn's own timeout would. The
stored story, its version and its history are those from before; the row is
not left locked, and the next save through another worker goes through.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory
from .servers import (
    app_environment,
    start_gunicorn,
)
from .slow_save.apps import SLOW_MARKER

pytestmark = pytest.mark.django_db(transaction=True)
CSRF_TOKEN = "k" * 32  # the cookie and the form's field agree, as a browser's would


def post_form(base: str, path: str, data: dict, session: str) -> int:
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF_TOKEN}, doseq=True)
    request = urllib.request.Request(  # noqa: S310 - loopback
        base + path,
        data=body.encode(),
        headers={
            "Cookie": f"sessionid={session}; csrftoken={CSRF_TOKEN}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=90) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_worker_killed_mid_save_leaves_the_old_version_intact(
    tmp_path,
    own_redis,
    collected_static,
    editor,
):
    story = ArticleFactory(headline="Library opening hours", body="<p>Old text.</p>")
    story.refresh_from_db()
    history_before = Version.objects.get_for_object(story).count()
    browser = Client()
    browser.force_login(editor)
    session = browser.cookies["sessionid"].value
    in_transaction = tmp_path / "in-transaction"
    env = app_environment(
        tmp_path,
        own_redis.url,
        DJANGO_SETTINGS_MODULE="tests.slow_save.settings",
        NEWSROOM_SLOW_SAVE_FILE=str(in_transaction),
    )
    base, server = start_gunicorn(tmp_path, env, workers=2)
    try:
        outcome: list[object] = []

        def save_slowly() -> None:
            typed = change_form(
                story, headline=f"Library hours {SLOW_MARKER}", body="<p>New text.</p>"
            )
            try:
                outcome.append(post_form(base, change_url(story), typed, session))
            except OSError as error:
                outcome.append(error)

        saving = threading.Thread(target=save_slowly)
        saving.start()
        deadline = time.monotonic() + 60
        while not in_transaction.exists():
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.05)
        worker = int(in_transaction.read_text())
        # The row is written but not committed: the new text is nowhere yet.
        assert Article.objects.get(pk=story.pk).body == "<p>Old text.</p>"
        os.kill(worker, signal.SIGKILL)
        saving.join(30)
        assert outcome, "the save never answered"
        assert outcome[0] != 302, outcome  # the editor was not told it saved

        stored = Article.objects.get(pk=story.pk)
        assert stored.headline == "Library opening hours"
        assert stored.body == "<p>Old text.</p>"
        assert stored.version == story.version
        assert Version.objects.get_for_object(story).count() == history_before

        # Nothing is left locked: the same edit, sent again, is saved.
        again = change_form(story, headline="Library hours change", body="<p>New text.</p>")
        assert post_form(base, change_url(story), again, session) == 302
    finally:
        server.stop()
    stored = Article.objects.get(pk=story.pk)
    assert stored.headline == "Library hours change"
    assert stored.version == story.version + 1
