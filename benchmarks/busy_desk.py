"""A busy desk for ``make bench``: an editor typing and saving drafts through the admin.

Run as its own process beside the load (``python -m benchmarks.busy_desk URL
USERNAME PASSWORD PK[,PK…] STATS.json``): one thread per draft, each an editor
in the admin over HTTP (one login, shared) typing that draft: an
autosave every five seconds and, every second autosave, a save through the
admin's change form (a real save: a new version, a revision, a history
entry). Twenty drafts make twenty editors: four autosaves and two draft
saves a second, spread evenly. It stops on SIGTERM and writes what it did,
and how long each write took, to STATS.json.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import signal
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

# Each editor autosaves every five seconds (the desk's own interval) and saves
# the draft every second autosave: twenty editors make 4 autosaves and 2
# saves a second.
AUTOSAVE_SECONDS = 5.0
EDIT_VERSION = re.compile(r"<input[^>]*name=\"edit_version\"[^>]*>")
VALUE = re.compile(r"value=\"(\d+)\"")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 302 after a save is the answer; the page it points to is not fetched."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Desk:
    base: str
    opener: urllib.request.OpenerDirector = field(init=False)
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    timings: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        """The status and page; status 0 when the server did not answer in time."""
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, True)
        request = urllib.request.Request(self.base + path, data=body and body.encode())  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError:
            return 0, ""

    def log_in(self, username: str, password: str) -> None:
        self.request("/admin/login/")
        status, _ = self.request(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        if status != 302:
            raise SystemExit(f"busy desk: logging in as {username} answered {status}")

    def edit_version(self, pk: int) -> int | None:
        """The draft's version, from its change form; None if that did not load."""
        status, page = self.request(f"/admin/articles/article/{pk}/change/")
        tag = EDIT_VERSION.search(page)
        value = VALUE.search(tag.group(0)) if tag else None
        return int(value.group(1)) if status == 200 and value else None

    def sharing_session(self) -> Desk:
        """Another editor's window on the same login (one password check, not twenty)."""
        other = Desk(self.base)
        for cookie in self.jar:
            other.jar.set_cookie(cookie)
        return other

    def timed(self, kind: str, path: str, data: dict, expect: int) -> bool:
        start = time.perf_counter()
        status, _ = self.request(path, data)
        self.timings.setdefault(kind, []).append(time.perf_counter() - start)
        if status != expect:
            self.failures[kind] = self.failures.get(kind, 0) + 1
        return status == expect


def draft_form(pk: int, version: int, n: int) -> dict:
    return {
        "headline": f"Desk draft {pk}: council budget, take {n}",
        "slug": f"desk-draft-{pk}",
        "standfirst": "Being written while readers read.",
        "body": f"<p>Paragraph typed at tick {n}.</p>" + "<p>More copy to come.</p>" * 20,
        "byline": "",
        "dateline": "",
        "published_at_0": "",
        "published_at_1": "",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "edit_version": str(version),
        "workflow_note": "",
        "article_authors-TOTAL_FORMS": "0",
        "article_authors-INITIAL_FORMS": "0",
        "article_authors-MIN_NUM_FORMS": "0",
        "article_authors-MAX_NUM_FORMS": "1000",
    }


def editor(desk: Desk, pk: int, offset: float, stop: threading.Event) -> Desk:
    """One editor on one draft: an autosave every five seconds, a save every ten."""
    started = time.monotonic() + offset
    version = None
    tick = 0
    while not stop.wait(max(0.0, started + tick * AUTOSAVE_SECONDS - time.monotonic())):
        if version is None:
            version = desk.edit_version(pk)
        form = draft_form(pk, version or 0, tick)
        desk.timed("autosave", f"/admin/articles/article/{pk}/autosave/", form, 200)
        if tick % 2 and version is not None:
            saved = desk.timed("draft save", f"/admin/articles/article/{pk}/change/", form, 302)
            version = version + 1 if saved else None
        tick += 1
    return desk


def run(base: str, username: str, password: str, drafts: list[int], stats_path: str) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    signal.signal(signal.SIGINT, lambda *_args: stop.set())
    first = Desk(base)
    first.log_in(username, password)
    started = time.monotonic()
    # Twenty editors, their autosaves spread evenly: four writes a second.
    with ThreadPoolExecutor(len(drafts)) as pool:
        futures = [
            pool.submit(
                editor, first.sharing_session(), pk, i * AUTOSAVE_SECONDS / len(drafts), stop
            )
            for i, pk in enumerate(drafts)
        ]
        desks = [future.result() for future in futures]
    elapsed = time.monotonic() - started
    timings: dict[str, list[float]] = {}
    failures: dict[str, int] = {}
    for desk in desks:
        for kind, times in desk.timings.items():
            timings.setdefault(kind, []).extend(times)
        for kind, count in desk.failures.items():
            failures[kind] = failures.get(kind, 0) + count
    report = {
        "seconds": round(elapsed, 1),
        "editors": len(drafts),
        "writes": {
            kind: {
                "count": len(times),
                "per_second": round(len(times) / elapsed, 2),
                "failed": failures.get(kind, 0),
                "median_ms": round(statistics.median(times) * 1000, 1),
                "p99_ms": round(sorted(times)[int(len(times) * 0.99)] * 1000, 1),
            }
            for kind, times in timings.items()
        },
    }
    with open(stats_path, "w") as out:
        json.dump(report, out, indent=2)


if __name__ == "__main__":
    base_url, user, secret, pks, stats_file = sys.argv[1:6]
    run(base_url, user, secret, [int(pk) for pk in pks.split(",")], stats_file)
