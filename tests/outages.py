"""Taking the database away from the app under test, for real as far as it can tell."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

from .servers import free_port


@contextmanager
def database_unreachable(tmp_path: Path) -> Iterator[None]:
    """Every query fails as it would with the database down, until the block ends.

    Every thread's connection reads the same settings, so the live server's
    request threads lose the database too (each opens its own connection).
    """
    connection = connections["default"]
    connection.close()
    saved = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def connection_per_request():
    """The live server's threads open the database afresh for every request (as
    gunicorn does with DATABASE_CONN_MAX_AGE=0), so an outage reaches the next one
    even on a kept-alive browser connection."""
    settings_dict = connections["default"].settings_dict
    saved = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 0
    yield
    settings_dict["CONN_MAX_AGE"] = saved
