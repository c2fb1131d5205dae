"""Faults survived, measured: ``make soak`` (not a test; about two minutes).

Starts its own PostgreSQL cluster (initdb, on a free port, in a temporary
folder; as the ``postgres`` user when run as root) and its own redis-server
(a free port, nothing saved), never the machine's shared ones; migrates,
writes a few stories and an editor, and puts gunicorn (gunicorn.conf.py,
production settings) in front. Then for SOAK_SECONDS (60): readers on
kept-alive connections read pages cached beforehand, an editor saves
numbered sentences into one live story through the desk over HTTP (each
sentence sent again until it is saved, as an editor would after a 503),
PostgreSQL is restarted at a quarter of the run and Redis stopped for ten
seconds at its middle. It prints, per phase, the readers' requests and 5xx
(and connection errors), the editor's saves and failures, the seconds
until everything worked again after each fault, and whether every numbered
sentence is in the final revision. Figures are in docs/security.md.
"""

from __future__ import annotations

import contextlib
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
READERS = int(os.environ.get("SOAK_READERS", "6"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "2"))
# Small enough that workers are recycled during the run, as in production over hours.
MAX_REQUESTS = os.environ.get("SOAK_MAX_REQUESTS", "500")
REDIS_OUTAGE_SECONDS = 10.0
EDITOR, PASSWORD = "soak-editor", secrets.token_urlsafe(16)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        sys.exit("initdb not found: apt-get install postgresql")
    return Path(initdb).parent


class PostgresCluster:
    """A throwaway cluster of our own: initdb, pg_ctl start/restart/stop."""

    def __init__(self, folder: Path):
        self.bin = pg_bin()
        self.port = free_port()
        self.data = folder / "pgdata"
        self.log = folder / "postgres.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(folder, "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data.parent}"
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
             "-o", options, "-w", "-t", "60", *args],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        subprocess.run(  # noqa: S603
            [*self.as_user, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
             "-A", "trust", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self._ctl("start")
        subprocess.run(  # noqa: S603
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "newsroom"],
            check=True,
        )  # fmt: skip

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")


class RedisServer:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        program = shutil.which("redis-server")
        if program is None:
            sys.exit("redis-server not found: apt-get install redis-server")
        self.process = subprocess.Popen(  # noqa: S603
            [program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        sys.exit("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


# --- What happened, when ------------------------------------------------------
@dataclass
class Event:
    at: float  # seconds since the load started
    who: str  # "reader" or "editor"
    ok: bool  # a 2xx/3xx answer
    status: str  # the status, or the connection error
    seconds: float  # how long it took


@dataclass
class Log:
    started: float = field(default_factory=time.monotonic)
    events: list[Event] = field(default_factory=list)
    marks: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.started

    def add(self, who: str, status: str, since: float) -> None:
        ok = status[:1] in ("2", "3")
        with self.lock:
            self.events.append(Event(self.now(), who, ok, status, time.monotonic() - since))

    def mark(self, name: str) -> None:
        self.marks[name] = self.now()


class FormFields(html.parser.HTMLParser):
    """What a browser would send from the article change form as it is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if (
            tag == "input"
            and name
            and a.get("type") not in ("submit", "button", "checkbox", "file")
        ):
            self.fields.append((name, a.get("value") or ""))
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.fields.append((name, a.get("value") or "on"))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


class Browser:
    """One HTTP/1.1 connection, kept alive, with cookies: a reader or the editor."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | list | None = None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.will_close:
            self.connection.close()
            self.connection = None
        return response.status, content.decode(errors="replace")


def read_pages(port: int, paths: list[str], log: Log, stop: threading.Event, offset: int) -> None:
    browser = Browser(port)
    number = offset
    while not stop.is_set():
        path = paths[number % len(paths)]
        number += 1
        since = time.monotonic()
        try:
            status, _ = browser.request("GET", path)
            log.add("reader", str(status), since)
        except (OSError, http.client.HTTPException) as error:
            log.add("reader", type(error).__name__, since)
            time.sleep(0.05)


def sentence(number: int) -> str:
    return f"<p>Soak sentence number {number}.</p>"


def edit_continuously(
    port: int, story_pk: int, log: Log, stop: threading.Event, saved: list[int]
) -> None:
    """Log in, then add one numbered sentence per save, each sent until it is saved."""
    browser = Browser(port)
    _, page = browser.request("GET", "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("The desk's login page has no form.")
    status, _ = browser.request(
        "POST",
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token.group(1), "username": EDITOR, "password": PASSWORD},
    )
    if status != 302:
        raise SystemExit(f"The editor could not log in: {status}.")
    change = f"/admin/articles/article/{story_pk}/change/"
    number = 1
    while not stop.is_set():
        since = time.monotonic()
        try:
            status, page = browser.request("GET", change)
            if status != 200:
                log.add("editor", str(status), since)
                time.sleep(0.5)
                continue
            form = FormFields()
            form.feed(page)
            fields = [(k, v) for k, v in form.fields if k not in ("body", "_workflow")]
            body = dict(form.fields)["body"]
            status, _ = browser.request(
                "POST", change, [*fields, ("body", body + sentence(number)), ("_save", "Save")]
            )
            log.add("editor", str(status), since)
            if status == 302:
                saved.append(number)
                number += 1
                time.sleep(0.3)
            else:
                time.sleep(0.5)  # the form keeps the text: send it again in a moment
        except (OSError, http.client.HTTPException) as error:
            log.add("editor", type(error).__name__, since)
            time.sleep(0.5)


# --- Setting up ---------------------------------------------------------------------
def prepare_database(env: dict[str, str]) -> tuple[int, list[str]]:
    """Migrate, then the stories readers read, the one the editor writes, and the editor."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    script = f"""
import datetime, json
from django.contrib.auth.models import Group, User
from django.utils import timezone
from articles.models import Article, Tag
from articles.roles import EDITORS
editor = User.objects.create_user({EDITOR!r}, password={PASSWORD!r}, is_staff=True)
editor.groups.add(Group.objects.get(name=EDITORS))
tag = Tag.objects.create(name="Harbour", slug="harbour", in_navigation=True)
now = timezone.now()
paths = []
for i in range(12):
    story = Article.objects.create(
        headline=f"Harbour story {{i}}", slug=f"harbour-story-{{i}}", standfirst="A soak story.",
        body="<p>The harbour.</p>", byline="Soak desk", status=Article.Status.PUBLISHED,
        published_at=now - datetime.timedelta(hours=i + 1), version=1)
    story.tags.set([tag])
    paths.append(story.get_absolute_url())
edited = Article.objects.get(slug="harbour-story-0")
print(json.dumps({{"story": edited.pk, "paths": paths}}))
"""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    made = json.loads(result.stdout.strip().splitlines()[-1])
    return made["story"], ["/", "/tags/harbour/", "/search/?q=harbour", *made["paths"]]


def final_revision(env: dict[str, str], story_pk: int) -> dict[str, str]:
    script = f"""
import json
from reversion.models import Version
from articles.models import Article
article = Article.objects.get(pk={story_pk})
latest = Version.objects.get_for_object(article).first()
print(json.dumps({{"stored": article.body, "revision": latest.field_dict["body"]}}))
"""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


# --- Reporting ------------------------------------------------------------------
def phases(log: Log) -> list[tuple[str, float, float]]:
    m = log.marks
    return [
        ("before the faults", 0.0, m["pg_restart"]),
        ("PostgreSQL restart", m["pg_restart"], m["pg_back"]),
        ("between the faults", m["pg_back"], m["redis_stop"]),
        (f"Redis stopped ({REDIS_OUTAGE_SECONDS:.0f} s)", m["redis_stop"], m["redis_back"]),
        ("after the faults", m["redis_back"], m["end"]),
    ]


def recovery(log: Log, who: str, fault_start: float, fault_end: float, until: float) -> str:
    """Seconds after the fault ended until this party's last failure from it (0: none after)."""
    failures = [
        e.at for e in log.events if e.who == who and not e.ok and fault_start <= e.at < until
    ]
    if not failures:
        return "no errors"
    return f"{max(0.0, max(failures) - fault_end):.2f} s after"


def percentile(events: list[Event], fraction: float) -> int:
    times = sorted(e.seconds for e in events)
    return round(times[min(len(times) - 1, int(len(times) * fraction))] * 1000) if times else 0


def report(log: Log, saved: list[int], revision: dict[str, str]) -> dict:
    rows = []
    for name, start, end in phases(log):
        inside = [e for e in log.events if start <= e.at < end]
        readers = [e for e in inside if e.who == "reader"]
        editor = [e for e in inside if e.who == "editor"]
        rows.append(
            {
                "phase": name,
                "from_s": round(start, 2),
                "to_s": round(end, 2),
                "reader_requests": len(readers),
                "reader_5xx": sum(e.status.startswith("5") for e in readers),
                "reader_connection_errors": sum(not e.status[:1].isdigit() for e in readers),
                "reader_p50_ms": percentile(readers, 0.5),
                "reader_p95_ms": percentile(readers, 0.95),
                "editor_saves": sum(e.status == "302" for e in editor),
                "editor_failures": sum(not e.ok for e in editor),
            }
        )
    m = log.marks
    missing = [n for n in saved if sentence(n) not in revision["revision"]]
    missing_stored = [n for n in saved if sentence(n) not in revision["stored"]]
    result = {
        "seconds": SECONDS,
        "readers": READERS,
        "workers": WORKERS,
        "max_requests": MAX_REQUESTS,
        "phases": rows,
        "recovery": {
            "postgresql_restart_took_s": round(m["pg_back"] - m["pg_restart"], 2),
            "postgresql_readers": recovery(
                log, "reader", m["pg_restart"], m["pg_back"], m["redis_stop"]
            ),
            "postgresql_editor": recovery(
                log, "editor", m["pg_restart"], m["pg_back"], m["redis_stop"]
            ),
            "redis_readers": recovery(log, "reader", m["redis_stop"], m["redis_back"], m["end"]),
            "redis_editor": recovery(log, "editor", m["redis_stop"], m["redis_back"], m["end"]),
        },
        "sentences_saved": len(saved),
        "sentences_missing_from_final_revision": missing,
        "sentences_missing_from_stored_story": missing_stored,
        "other_errors": sorted({e.status for e in log.events if not e.ok}),
    }
    print(
        "\n| phase | s | reader requests | reader 5xx | reader conn. errors | reader p50/p95 ms "
        "| editor saves | editor failures |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['phase']} | {r['from_s']:.1f} to {r['to_s']:.1f} | {r['reader_requests']} | "
            f"{r['reader_5xx']} | {r['reader_connection_errors']} | "
            f"{r['reader_p50_ms']}/{r['reader_p95_ms']} | {r['editor_saves']} | "
            f"{r['editor_failures']} |"
        )
    print("\n" + json.dumps({k: v for k, v in result.items() if k != "phases"}, indent=2))
    return result


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="newsroom-soak-"))
    folder.chmod(0o755)
    (folder / "pg").mkdir()
    postgres = PostgresCluster(folder / "pg")
    redis = RedisServer(folder)
    gunicorn: subprocess.Popen | None = None
    port = free_port()
    try:
        postgres.start()
        redis.start()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/root"),
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NEWSROOM_SITE_URL": f"http://127.0.0.1:{port}",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "NEWSROOM_VAR_DIR": str(folder / "var"),
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_MAX_REQUESTS": MAX_REQUESTS,
            "GUNICORN_MAX_REQUESTS_JITTER": str(int(MAX_REQUESTS) // 4),
            "LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        story_pk, paths = prepare_database(env)
        gunicorn_log = (folder / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=ROOT, env=env, stdout=gunicorn_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(port)
        warm = Browser(port)
        for path in paths:  # every page readers read is cached before the faults
            for _ in range(3):
                warm.request("GET", path)
        print(
            f"Soak: {SECONDS:.0f} s, {READERS} readers, one editor, {WORKERS} workers, "
            f"{len(paths)} pages"
        )

        log = Log()
        stop = threading.Event()
        saved: list[int] = []
        threads = [
            threading.Thread(target=read_pages, args=(port, paths, log, stop, i))
            for i in range(READERS)
        ]
        threads.append(
            threading.Thread(target=edit_continuously, args=(port, story_pk, log, stop, saved))
        )
        for thread in threads:
            thread.start()
        time.sleep(SECONDS * 0.25)
        log.mark("pg_restart")
        postgres.restart()
        log.mark("pg_back")
        time.sleep(max(0.0, SECONDS * 0.5 - log.now()))
        log.mark("redis_stop")
        redis.stop()
        time.sleep(REDIS_OUTAGE_SECONDS)
        redis.start()
        log.mark("redis_back")
        time.sleep(max(0.0, SECONDS - log.now()))
        log.mark("end")
        stop.set()
        for thread in threads:
            thread.join(60)
        result = report(log, saved, final_revision(env, story_pk))
        (ROOT / "var").mkdir(exist_ok=True)
        (ROOT / "var" / "soak.json").write_text(json.dumps(result, indent=2) + "\n")
        shutil.copy(folder / "gunicorn.log", ROOT / "var" / "soak-gunicorn.log")
        print("\nWritten to var/soak.json (gunicorn's log: var/soak-gunicorn.log)")
        failed = result["sentences_missing_from_final_revision"] or any(
            row["reader_5xx"] for row in result["phases"]
        )
        return 1 if failed else 0
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(30)
        redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):
            postgres.stop()
        if os.environ.get("SOAK_KEEP") != "1":
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
