"""Workers recycled under load (gunicorn's max_requests) answer every request.

Real gunicorn with gunicorn.conf.py and a tiny max_requests, readers on
kept-alive connections in a loop: no request may fail, however often a
worker is replaced.
"""

from __future__ import annotations

import http.client
import threading
from urllib.parse import urlsplit

import pytest

from .factories import ArticleFactory
from .servers import (
    app_environment,
    start_gunicorn,
)

pytestmark = pytest.mark.django_db(transaction=True)
READERS = 3
REQUESTS_EACH = 30


def read_in_a_loop(base: str, paths: list[str], outcomes: list[str]) -> None:
    """One reader on one kept-alive connection (a new one only when the server closes it)."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    for number in range(REQUESTS_EACH):
        path = paths[number % len(paths)]
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            outcomes.append(str(response.status))
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            outcomes.append(f"{path}: {type(error).__name__}: {error}")
            connection.close()
    connection.close()


def test_no_reader_sees_an_error_while_workers_are_recycled(
    tmp_path,
    own_redis,
    collected_static,
):
    story = ArticleFactory()
    env = app_environment(
        tmp_path, own_redis.url, GUNICORN_MAX_REQUESTS="8", GUNICORN_MAX_REQUESTS_JITTER="2"
    )
    base, server = start_gunicorn(tmp_path, env, workers=2)
    outcomes: list[str] = []
    try:
        paths = ["/", story.get_absolute_url(), "/healthz"]
        readers = [
            threading.Thread(target=read_in_a_loop, args=(base, paths, outcomes))
            for _ in range(READERS)
        ]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(300)
    finally:
        server.stop()
    assert len(outcomes) == READERS * REQUESTS_EACH
    errors = [outcome for outcome in outcomes if outcome != "200"]
    assert errors == [], errors[:10]
    # The workers really were replaced, many times, while the readers read.
    assert server.log.read_text().count("Autorestarting worker") >= 5
