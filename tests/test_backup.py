"""make backup / make restore: a backup restored into an empty database serves the same pages.

On PostgreSQL (the CI run with DATABASE_URL) through pg_dump and pg_restore
into a database created for the test; on SQLite through SQLite's backup API
into a new file. Both through the commands ``make`` runs, and real gunicorn
serving the original and then the restored database.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from .factories import ArticleFactory, TagFactory
from .servers import (
    ROOT,
    app_environment,
    database_url,
    start_gunicorn,
)

pytestmark = pytest.mark.django_db(transaction=True)


def backup_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "newsroom.backup", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def pages(base: str, paths: list[str]) -> dict[str, bytes]:
    served = {}
    for path in paths:
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
            assert response.status == 200, path
            served[path] = response.read()
    return served


@pytest.fixture
def empty_database(tmp_path):
    """An empty database of the same kind as the test run's, as an URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    server = connection.settings_dict

    def admin(statement: str) -> None:
        link = psycopg2.connect(
            host=server["HOST"] or "127.0.0.1",
            port=server["PORT"] or 5432,
            user=server["USER"],
            password=server["PASSWORD"] or None,
            dbname="postgres",
        )
        link.autocommit = True
        with link.cursor() as cursor:
            cursor.execute(statement)
        link.close()

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    yield database_url().rsplit("/", 1)[0] + f"/{name}"
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_database_serves_the_same_pages(
    tmp_path,
    own_redis,
    collected_static,
    empty_database,
    settings,
):
    story = ArticleFactory(headline="Tram line extended", tags=[TagFactory(slug="transport")])
    ArticleFactory(headline="Museum reopens")
    media = Path(settings.MEDIA_ROOT)
    (media / "images").mkdir(parents=True)
    (media / "images" / "tram.jpg").write_bytes(b"not really a picture")
    paths = ["/", story.get_absolute_url(), "/tags/transport/", "/feeds/rss/"]

    env = app_environment(tmp_path, own_redis.url)
    base, server = start_gunicorn(tmp_path, env, workers=1)
    try:
        before = pages(base, paths)
    finally:
        server.stop()

    made = backup_command(env, "create", "--into", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    folder = Path(made.stdout.strip())
    assert (folder / "manifest.json").exists()

    restored_media = tmp_path / "restored-media"
    elsewhere = {**env, "DATABASE_URL": empty_database, "MEDIA_ROOT": str(restored_media)}
    back = backup_command(elsewhere, "restore", str(folder))
    assert back.returncode == 0, back.stderr
    assert (restored_media / "images" / "tram.jpg").read_bytes() == b"not really a picture"
    # A second restore over it is refused: it is not empty any more.
    refused = backup_command(elsewhere, "restore", str(folder))
    assert refused.returncode == 1
    assert "already holds tables" in refused.stderr

    own_redis.stop()  # a cold cache: every page rendered from the restored database
    own_redis.start()
    (tmp_path / "restored").mkdir()
    base, server = start_gunicorn(tmp_path / "restored", elsewhere, workers=1)
    try:
        after = pages(base, paths)
    finally:
        server.stop()
    for path in paths:
        assert after[path] == before[path], path
