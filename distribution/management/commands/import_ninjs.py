"""``manage.py import_ninjs [--user USERNAME] [--publish] PATH...``: wire copy in.

Each PATH is a ninjs file, or a folder searched recursively for ``*.json``.
The acting user is the account the desk sees in each article's history:
``--user`` names one; without it the import acts as the ``wire-desk``
service account (made on first use, in the Editors group, with no password
so nobody can log in as it). Either way the workflow's rules apply: the
account needs permission to add articles, and, with ``--publish``,
permission to publish; embargoes hold. A file that cannot be imported is
reported on standard error as one line ``FILE: reason`` and the batch goes
on; the exit status is 1 if any file failed.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import workflow
from articles.sanitizer import MarkupRefused
from distribution.ninjs import NinjsError, parse_item, read_json
from distribution.wire_import import (
    WIRE_DESK_USERNAME,
    Outcome,
    import_item,
    may_import,
    wire_desk_account,
)


def _files(paths: list[str]) -> list[tuple[str, Path | None]]:
    """(name to report, file) pairs in a stable order; None for a missing path."""
    found: list[tuple[str, Path | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += [(str(file), file) for file in sorted(path.rglob("*.json")) if file.is_file()]
        elif path.is_file():
            found.append((raw, path))
        else:
            found.append((raw, None))
    return found


def _validation_message(error: ValidationError) -> str:
    return " ".join(" ".join(error.messages).split())


class Command(BaseCommand):
    help = "Import ninjs (1.x, 2.x, 3.x) news items as articles; idempotent by item uri."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="ninjs files or folders")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=(
                "the account the import acts as (needs to add articles; to publish, too); "
                f"default: the {WIRE_DESK_USERNAME!r} service account"
            ),
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish what is imported (at the item's firstCreated time); default: drafts",
        )

    def handle(self, *args, paths, user, publish, **options):
        acting_user = self._acting_user(user, publish=publish)
        counts = dict.fromkeys(Outcome, 0)
        failed = 0
        for name, file in _files(paths):
            try:
                if file is None:
                    raise NinjsError("no such file or folder")
                counts[self._import_file(file, acting_user, publish)] += 1
            except (NinjsError, PermissionDenied, MarkupRefused) as error:
                failed += 1
                self.stderr.write(f"{name}: {' '.join(str(error).split())}")
            except ValidationError as error:  # e.g. an embargo still in force
                failed += 1
                self.stderr.write(f"{name}: {_validation_message(error)}")
        self.stdout.write(
            f"{counts[Outcome.CREATED]} created, {counts[Outcome.UPDATED]} updated, "
            f"{counts[Outcome.UNCHANGED]} unchanged, {failed} failed."
        )
        if failed:
            raise SystemExit(1)

    def _acting_user(self, username: str | None, *, publish: bool):
        if username is None:
            user, username = wire_desk_account(), WIRE_DESK_USERNAME
        else:
            user = self._named_user(username)
        if not may_import(user):
            raise CommandError(f"{username} may not add articles.")
        if publish and not workflow.is_editor(user):
            raise CommandError(f"{username} may not publish; import as drafts without --publish.")
        return user

    def _named_user(self, username: str):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user named {username!r}.") from None
        return user

    def _import_file(self, file: Path, user, publish: bool) -> Outcome:
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise NinjsError("not UTF-8 text") from None
        except OSError as error:
            raise NinjsError(error.strerror or "cannot be read") from None
        return import_item(parse_item(read_json(text)), user=user, publish=publish)
