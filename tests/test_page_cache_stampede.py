"""A hot page that goes stale under load is rendered once, not once per reader.

Fifty readers ask for the front page at the moment it must be rendered
afresh; the render is held behind a gate so they all arrive while it runs.
With the page cache's lock one request renders and the others get the
previous copy; without it (the control) every one of them renders.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from reader import views
from reader.page_cache import tokens

from .factories import ArticleFactory

READERS = 50


def count_renders_under_load(monkeypatch) -> tuple[int, list[str]]:
    renders = []
    gate = threading.Event()
    counting = threading.Lock()
    original_render = views.render

    def slow_render(*args, **kwargs):
        with counting:
            renders.append(threading.current_thread().name)
        gate.wait(10)
        return original_render(*args, **kwargs)

    monkeypatch.setattr(views, "render", slow_render)
    started = threading.Barrier(READERS)
    outcomes: list[str] = []

    def reader():
        started.wait()
        try:
            response = Client().get("/")
            outcomes.append(f"{response.status_code} {response['X-Cache']}")
        finally:
            connection.close()

    threads = [threading.Thread(target=reader, name=f"reader-{n}") for n in range(READERS)]
    for thread in threads:
        thread.start()
    # Let every reader arrive while the first render is held at the gate.
    threading.Event().wait(1.5)
    gate.set()
    for thread in threads:
        thread.join(30)
    return len(renders), outcomes


@pytest.fixture
def stale_front_page(transactional_db, client):
    ArticleFactory(headline="Storm reaches the coast")
    assert client.get("/")["X-Cache"] == "MISS"
    tokens.renew(["latest"])  # something on it changed: the next request renders


@pytest.mark.django_db(transaction=True)
def test_one_request_renders_while_the_others_get_the_previous_copy(stale_front_page, monkeypatch):
    renders, outcomes = count_renders_under_load(monkeypatch)
    assert renders <= 2
    assert len(outcomes) == READERS
    assert all(outcome.startswith("200 ") for outcome in outcomes)


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_every_reader_renders(stale_front_page, monkeypatch, settings):
    settings.NEWSROOM_PAGE_CACHE_LOCK = False
    renders, outcomes = count_renders_under_load(monkeypatch)
    assert renders >= READERS * 0.8
    assert len(outcomes) == READERS
