"""A read replica for public pages, as a second database alias in a real server.

The server runs with ``DATABASE_REPLICA_URL``; ``Server-Timing`` says which
alias each request's queries went to. The replica here is the test database
itself under a second alias (a real replica is a streaming copy of the
primary); the unreachable one is a port where nothing listens.
"""

import urllib.request
from urllib.error import HTTPError

import pytest
from django.db import connection

from articles import workflow
from articles.models import Article

from .factories import ArticleFactory
from .servers import (  # noqa: F401 - fixtures among them
    app_environment,
    collected_static,
    database_url,
    shared_redis,
    start_gunicorn,
)

pytestmark = pytest.mark.django_db(transaction=True)


def queries_by_alias(url: str) -> dict[str, int]:
    """``{"default": 0, "replica": 7}`` from the response's Server-Timing."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            timing, status = response.headers["Server-Timing"], response.status
    except HTTPError as error:
        timing, status = error.headers["Server-Timing"], error.code
    assert status in (200, 302), status
    counts = {}
    for metric in timing.split(", "):
        name, *parameters = metric.split(";")
        if name.startswith("sql-"):
            description = next(p for p in parameters if p.startswith("desc="))
            counts[name.removeprefix("sql-")] = int(description.split('"')[1].split()[0])
    return counts


def unreachable_database_url() -> str:
    if connection.vendor == "sqlite":
        return "sqlite:////nonexistent-folder/replica.sqlite3"
    return "postgres://postgres@127.0.0.1:9/nowhere"


@pytest.fixture
def serve(tmp_path, shared_redis):  # noqa: F811 - a fixture
    started = []

    def start(replica_url: str, **extra: str) -> str:
        env = app_environment(tmp_path, shared_redis, DATABASE_REPLICA_URL=replica_url, **extra)
        url, process = start_gunicorn(tmp_path, env, workers=1)
        started.append(process)
        return url

    yield start
    for process in started:
        process.stop()


def test_public_pages_read_from_the_replica_and_the_desk_never(serve):
    story = ArticleFactory(headline="Tram line opens")
    server = serve(database_url(), NEWSROOM_REPLICA_LAG_SECONDS="0")
    queries_by_alias(f"{server}/")  # the banner record and next due time: cached now

    page = queries_by_alias(f"{server}{story.get_absolute_url()}")
    assert page["replica"] > 0
    assert page["default"] == 0

    desk = queries_by_alias(f"{server}/admin/login/")
    assert desk["replica"] == 0


def test_a_page_that_just_changed_renders_from_the_primary(serve, editor):
    story = ArticleFactory(headline="Tram line opens")
    server = serve(database_url(), NEWSROOM_REPLICA_LAG_SECONDS="30")
    workflow.transition(story, action=workflow.Action.WITHDRAW, user=editor)
    workflow.transition(
        Article.objects.get(pk=story.pk), action=workflow.Action.REDRAFT, user=editor
    )
    ArticleFactory(headline="Fresh story")  # renews the front page's tokens

    front = queries_by_alias(f"{server}/")
    assert front["replica"] == 0
    assert front["default"] > 0


def test_an_unreachable_replica_falls_back_to_the_primary(serve):
    story = ArticleFactory(headline="Tram line opens")
    server = serve(unreachable_database_url(), NEWSROOM_REPLICA_LAG_SECONDS="0")

    page = queries_by_alias(f"{server}{story.get_absolute_url()}")
    assert page["default"] > 0
    assert page["replica"] == 0
