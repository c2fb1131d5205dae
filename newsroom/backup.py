"""Back up and restore the newsroom: the database and the media files.

``python -m newsroom.backup create [--into backups]`` writes
``backups/<UTC timestamp>/`` with the database (PostgreSQL: ``pg_dump
--format=custom``; SQLite: a consistent copy through SQLite's backup API),
a tar of MEDIA_ROOT (when media are on local disk; a bucket has its own
versioning) and a ``manifest.json`` saying what is in it.

``python -m newsroom.backup restore backups/<timestamp> [--replace]`` puts
them back into the database DATABASE_URL names and into MEDIA_ROOT. It
refuses a database that already holds tables unless ``--replace`` is given
(PostgreSQL: ``pg_restore --clean``). ``make backup`` and ``make restore
BACKUP=...`` call these with the same environment as the app. Imports no app.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """Something a person can fix: said plainly, exit status 1."""


def _database() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.DATABASES["default"])


def _pg_environment(db: dict[str, Any]) -> dict[str, str]:
    """libpq's own variables: the password never appears on a command line."""
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    program = shutil.which(args[0])
    if program is None:
        raise BackupError(
            f"{args[0]} not found: install the PostgreSQL client (postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments we built
        [program, *args[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")


def _media_root() -> Path | None:
    from django.conf import settings

    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None  # object storage: versioned and backed up by its own service
    return Path(settings.MEDIA_ROOT)


def create(into: Path, now: datetime.datetime | None = None) -> Path:
    """A new backup folder under ``into``; returns it."""
    moment = now or datetime.datetime.now(tz=datetime.UTC)
    folder = into / moment.strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=False)
    db = _database()
    manifest: dict[str, Any] = {"created": moment.isoformat(), "engine": db["ENGINE"]}
    if db["ENGINE"] == "django.db.backends.postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / DUMP_NAME),
                db["NAME"],
            ],
            _pg_environment(db),
        )
        manifest["database"] = DUMP_NAME
    elif db["ENGINE"] == "django.db.backends.sqlite3":
        source = sqlite3.connect(db["NAME"])
        target = sqlite3.connect(folder / SQLITE_NAME)
        with target:
            source.backup(target)  # consistent even while the app writes
        source.close()
        target.close()
        manifest["database"] = SQLITE_NAME
    else:
        raise BackupError(f"No backup for the database engine {db['ENGINE']}.")
    media = _media_root()
    if media is not None and media.exists():
        with tarfile.open(folder / MEDIA_NAME, "w:gz") as archive:
            archive.add(media, arcname="media")
        manifest["media"] = MEDIA_NAME
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def _holds_tables() -> bool:
    from django.db import connection

    return bool(connection.introspection.table_names())


def restore(folder: Path, *, replace: bool = False) -> None:
    manifest_file = folder / MANIFEST_NAME
    if not manifest_file.exists():
        raise BackupError(f"{folder} is not a backup (no {MANIFEST_NAME}).")
    manifest = json.loads(manifest_file.read_text())
    db = _database()
    if manifest["engine"] != db["ENGINE"]:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; "
            f"DATABASE_URL names a {db['ENGINE']} one."
        )
    if not replace and _holds_tables():
        raise BackupError(
            f"The database {db['NAME']} already holds tables: restore into an empty database, "
            "or pass --replace (make restore REPLACE=1) to overwrite it."
        )
    from django.db import connection

    connection.close()
    if db["ENGINE"] == "django.db.backends.postgresql":
        args = ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", db["NAME"]]
        if replace:
            args[1:1] = ["--clean", "--if-exists"]
        _run([*args, str(folder / manifest["database"])], _pg_environment(db))
    else:
        source = sqlite3.connect(folder / manifest["database"])
        target = sqlite3.connect(db["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    media = _media_root()
    if manifest.get("media") and media is not None:
        with tarfile.open(folder / manifest["media"], "r:gz") as archive:
            members = [m for m in archive.getmembers() if m.name.startswith("media")]
            staging = media.parent / f".{media.name}-restoring"
            shutil.rmtree(staging, ignore_errors=True)
            archive.extractall(staging, members=members, filter="data")
        media.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging / "media", media, dirs_exist_ok=True)
        shutil.rmtree(staging)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(
        prog="python -m newsroom.backup", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("create", help="back up the database and media")
    make.add_argument("--into", type=Path, default=Path("backups"))
    back = commands.add_parser("restore", help="restore a backup folder")
    back.add_argument("folder", type=Path)
    back.add_argument(
        "--replace", action="store_true", help="overwrite a database that holds tables"
    )
    options = parser.parse_args(argv)
    try:
        if options.command == "create":
            print(create(options.into))
        else:
            restore(options.folder, replace=options.replace)
            print(f"Restored {options.folder}.")
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
