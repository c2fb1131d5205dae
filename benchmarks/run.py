"""``make bench``: Newsroom's public pages against a bare Django view, with wrk.

What it does, in order:

1. creates (or reuses) a PostgreSQL database, migrates it and fills it with
   ``BENCH_ARTICLES`` generated stories (``manage.py generate_articles``);
2. collects the static files and serves Newsroom with gunicorn and the
   project's ``gunicorn.conf.py`` in production settings (DEBUG off, Redis as
   the shared cache), and beside it, with the same gunicorn settings, the
   reference (``benchmarks/reference``: a ``startproject`` project whose one
   view answers with as many bytes as the page it is compared with);
3. for each page, runs Debian's wrk against Newsroom, then against the
   reference, in rounds (``BENCH_ROUNDS``, median of them), in five modes:
   ``quiet`` (page cache on), ``busy`` (the same while ``busy_desk`` types and
   saves drafts through the admin four times a second), ``nginx`` (the article
   and front page through ``deploy/nginx.conf``'s micro-cache, the reference
   direct), ``nocache`` (``NEWSROOM_PAGE_CACHE=0``: every request renders)
   and ``archive`` (page cache off, the article page over ``BENCH_ARCHIVE_URLS``
   distinct addresses in random order, cold and with the story fragments
   warm, then the front, tag and search pages);
4. prints the tables and writes them, with the machine and the commands, into
   ``docs/performance.md`` between its ``bench:`` markers.

Every knob is an environment variable (see ``Config``); a short run:
``BENCH_ARTICLES=2000 BENCH_DURATION=3 BENCH_ROUNDS=1 make bench``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shlex
import signal
import statistics
import string
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WRK = "/usr/bin/wrk"
NGINX = "/usr/sbin/nginx"
MODES = ("quiet", "busy", "nginx", "nocache", "archive")
MODE_TITLES = {
    "quiet": "From the page cache, quiet desk",
    "busy": "From the page cache, busy desk (20 editors: 4 autosaves and 2 draft saves a second)",
    "nginx": "Through nginx's micro-cache (deploy/nginx.conf) in front of the same gunicorn",
    "nocache": "Every request rendering (NEWSROOM_PAGE_CACHE=0), quiet desk",
    "archive": "The archive: every request rendering, article pages at random addresses",
}
ARCHIVE_PAGES = ("front page", "tag page", "search")
PAGES = ("article", "front page", "tag page", "search", "RSS feed", "ninjs list")
NGINX_PAGES = ("article", "front page")
DESK_USER = "bench-editor"
# Twenty editors typing, one draft each (benchmarks/busy_desk.py).
DESK_EDITORS = 20
# The benchmarks' own Redis database (they clear it), unless one is named.
BENCH_REDIS_DEFAULT = "redis://127.0.0.1:6379/6"
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


@dataclass
class Config:
    database_url: str = env(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    redis_url: str = env("BENCH_REDIS_URL", BENCH_REDIS_DEFAULT)
    articles: int = int(env("BENCH_ARTICLES", "20000"))
    duration: int = int(env("BENCH_DURATION", "10"))
    rounds: int = int(env("BENCH_ROUNDS", "3"))
    connections: int = int(env("BENCH_CONNECTIONS", "16"))
    archive_urls: int = int(env("BENCH_ARCHIVE_URLS", "5000"))
    wrk_threads: int = int(env("BENCH_WRK_THREADS", "2"))
    modes: list[str] = field(
        default_factory=lambda: [m for m in env("BENCH_MODES", ",".join(MODES)).split(",") if m]
    )
    output: Path = Path(env("BENCH_OUTPUT", str(ROOT / "docs" / "performance.md")))
    work: Path = Path(env("BENCH_WORK_DIR", str(ROOT / "var" / "bench")))

    def check(self) -> None:
        unknown = set(self.modes) - set(MODES)
        if unknown:
            raise SystemExit(f"BENCH_MODES: unknown {sorted(unknown)}; choose from {MODES}")
        if not self.database_url.startswith(("postgres://", "postgresql://")):
            raise SystemExit("BENCH_DATABASE_URL must be a PostgreSQL URL (postgres://…).")
        for program in (WRK,) + ((NGINX,) if "nginx" in self.modes else ()):
            if not Path(program).exists():
                raise SystemExit(f"{program} not found (apt-get install {Path(program).name}).")


# --- Processes ---------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answered at {url}")


class Server:
    """A process started for the run, stopped at its end (its output in the work folder)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], work: Path):
        self.name, self.args = name, args
        self.log = (work / f"{name}.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
            args, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()


def app_environment(config: Config, secret_key: str, **extra: str) -> dict[str, str]:
    """Newsroom as in production, on loopback over plain http."""
    inherited = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSROOM_SITE_URL": "http://127.0.0.1:8000",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "STATIC_ROOT": str(config.work / "static"),
        "MEDIA_ROOT": str(config.work / "media"),
        "NEWSROOM_VAR_DIR": str(config.work / "var"),
        "LOG_LEVEL": "WARNING",
        # One client (wrk) asks thousands of times a second: the API's
        # per-client limit still runs, but never refuses.
        "NEWSROOM_API_RATE_LIMIT": "1000000000",
        **extra,
    }


def gunicorn(name: str, environment: dict[str, str], work: Path, app: str | None = None) -> Server:
    port = free_port()
    args = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", *([app] if app else [])]
    server = Server(name, args, {**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"}, work)
    server.url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    wait_for(server.url + ("/healthz" if app is None else "/bytes/1/"))  # type: ignore[attr-defined]
    return server


def nginx(upstream: str, static_root: Path, work: Path) -> Server:
    """deploy/nginx.conf, its placeholders filled as the container's entrypoint would."""
    port = free_port()
    run, logs, cache = work / "nginx-run", work / "nginx-logs", work / "nginx-cache"
    for folder in (run, logs, cache):
        folder.mkdir(parents=True, exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(
        string.Template((ROOT / "deploy" / "nginx.conf").read_text()).safe_substitute(
            NGINX_USER="root" if os.geteuid() == 0 else "nobody",
            NGINX_RUN_DIR=str(run),
            NGINX_LOG_DIR=str(logs),
            NGINX_CACHE_DIR=str(cache),
            NGINX_LISTEN=f"127.0.0.1:{port}",
            NEWSROOM_UPSTREAM=upstream.removeprefix("http://"),
            NEWSROOM_STATIC_ROOT=str(static_root),
            NEWSROOM_MEDIA_LOCATION=f"alias {work / 'media'}/;",
            NEWSROOM_PURGE_FROM="127.0.0.1",
        )
    )
    server = Server(
        "nginx", [NGINX, "-c", str(conf), "-p", str(run), "-g", "daemon off;"], {}, work
    )
    server.url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    wait_for(server.url + "/healthz")  # type: ignore[attr-defined]
    return server


def manage(environment: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip()


def ensure_database(url: str) -> bool:
    """Create the database unless it exists; True when it was created."""
    import psycopg2
    from psycopg2 import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            return False
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    return True


# --- wrk -----------------------------------------------------------------
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    errors: int

    @classmethod
    def parse(cls, output: str) -> Run:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
        p50 = milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
        p99 = milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        sockets = re.search(r"Socket errors: (.*)", output)
        errors = int(bad.group(1)) if bad else 0
        if sockets:
            errors += sum(int(n) for n in re.findall(r"\d+", sockets.group(1)))
        return cls(rps, p50, p99, errors)


def wrk_command(config: Config, url: str, script: Path | None = None) -> list[str]:
    return [
        WRK,
        f"-t{config.wrk_threads}",
        f"-c{config.connections}",
        f"-d{config.duration}s",
        "--timeout",
        "10s",
        "--latency",
        *(["--script", str(script)] if script else []),
        url,
    ]


def wrk(config: Config, url: str, script: Path | None = None) -> Run:
    status, _headers, _body = fetch(url)  # warm: the page is in the caches before timing
    if status != 200:
        raise SystemExit(f"{url} answered {status}; the benchmark needs 200s")
    done = subprocess.run(  # noqa: S603 - Debian's wrk, fixed arguments
        wrk_command(config, url, script), capture_output=True, text=True, check=True
    )
    return Run.parse(done.stdout)


def random_paths_script(work: Path, paths: list[str]) -> Path:
    """A wrk script asking for ``paths`` in random order, each thread its own."""
    script = work / "random_paths.lua"
    listed = ",\n".join(json.dumps(path) for path in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "init = function(args)\n"
        "  math.randomseed(os.time() + math.floor(os.clock() * 1000000))\n"
        "end\n"
        "request = function()\n"
        '  return wrk.format("GET", paths[math.random(#paths)])\n'
        "end\n"
    )
    return script


def visit_all(base: str, paths: list[str]) -> None:
    """Each address once (eight at a time): the stories' fragments are cached."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda path: fetch(base + path)[0], paths))
    if any(status != 200 for status in statuses):
        raise SystemExit("an archive address did not answer 200")


@dataclass
class Row:
    page: str
    path: str
    size: int
    served: str
    newsroom: list[Run] = field(default_factory=list)
    reference: list[Run] = field(default_factory=list)
    # Random addresses instead of ``path`` (wrk script), and what to do first.
    script: Path | None = None
    before: Callable[[], None] | None = None

    def median(self, runs: list[Run], attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in runs)

    @property
    def ratio(self) -> float:
        """The median of the rounds' ratios (each round's pair ran seconds apart)."""
        return statistics.median(
            n.rps / r.rps for n, r in zip(self.newsroom, self.reference, strict=True)
        )

    def as_dict(self) -> dict:
        return {
            "page": self.page,
            "path": self.path,
            "bytes": self.size,
            "served": self.served,
            "newsroom": [vars(run) for run in self.newsroom],
            "reference": [vars(run) for run in self.reference],
        }


def measure(config: Config, pages: dict[str, str], base: str, reference: str) -> list[Row]:
    """Newsroom then the reference, page by page, round after round."""
    rows = []
    for page, path in pages.items():
        status, _headers, body = fetch(base + path)
        if status != 200:
            raise SystemExit(f"{page} ({path}) answered {status}")
        # What the second request of the page was served as (X-Cache: HIT from the
        # page cache, X-Proxy-Cache: HIT from nginx).
        _status, again, _body = fetch(base + path)
        served = again.get("X-Proxy-Cache") or again.get("X-Cache") or "rendered"
        rows.append(Row(page, path, len(body), served))
    return measure_rows(config, rows, base, reference)


def measure_rows(config: Config, rows: list[Row], base: str, reference: str) -> list[Row]:
    for round_number in range(1, config.rounds + 1):
        for row in rows:
            if row.before is not None:
                row.before()
            row.newsroom.append(wrk(config, base + row.path, row.script))
            row.reference.append(wrk(config, f"{reference}/bytes/{row.size}/"))
            print(
                f"  round {round_number}: {row.page:<11} {row.newsroom[-1].rps:8.0f} req/s, "
                f"reference {row.reference[-1].rps:8.0f} req/s",
                flush=True,
            )
    return rows


# --- The content -----------------------------------------------------------
def prepare_content(config: Config) -> dict:
    """Pages to measure, the desk's login and drafts; run inside Django (bench settings)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.models import Count

    from articles.models import Article, Tag
    from articles.roles import EDITORS
    from demo.generate import Vocabulary

    published = Article.objects.published()
    article = published.order_by("-published_at")[10]
    tag = Tag.objects.annotate(n=Count("articles")).order_by("-n").first()
    # A two-word search for mid-frequency words: hundreds of matches to rank.
    words = Vocabulary().content_words
    pages = {
        "article": article.get_absolute_url(),
        "front page": "/",
        "tag page": tag.get_absolute_url() if tag else "/",
        "search": f"/search/?q={words[300]}+{words[420]}",
        "RSS feed": "/feeds/rss/",
        "ninjs list": "/api/ninjs/articles/",
    }
    sample = published.order_by("?").select_related(None)[: config.archive_urls]
    archive = [story.get_absolute_url() for story in sample.only("slug", "publication_date")]
    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(
        username=DESK_USER, defaults={"is_staff": True, "email": "bench@example.com"}
    )
    user.set_password(password)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    drafts = []
    for number in range(DESK_EDITORS):
        draft, _ = Article.objects.get_or_create(
            slug=f"desk-draft-{number}",
            status=Article.Status.DRAFT,
            defaults={"headline": f"Desk draft {number}", "body": "<p>To come.</p>"},
        )
        drafts.append(draft.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    return {
        "pages": pages,
        "archive": archive,
        "password": password,
        "drafts": drafts,
        "published": published.count(),
        "database_size": size,
    }


# --- The report --------------------------------------------------------------
def machine() -> dict:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        model = found.group(1).strip() if found else model
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| page | bytes | 2nd request | requests/s | p50 | p99 | reference requests/s "
        "| reference p99 | ratio to reference |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        m, n, r = row.median, row.newsroom, row.reference
        lines.append(
            f"| {row.page} | {row.size:,} | {row.served} | {m(n, 'rps'):,.0f} "
            f"| {m(n, 'p50'):.1f} ms | {m(n, 'p99'):.1f} ms "
            f"| {m(r, 'rps'):,.0f} | {m(r, 'p99'):.1f} ms "
            f"| **{row.ratio:.2f}\u00d7** |"
        )
    return lines


def summary(results: dict[str, list[Row]]) -> list[str]:
    modes = [mode for mode in MODES if mode in results]
    names = {
        "quiet": "page cache, quiet desk",
        "busy": "page cache, busy desk",
        "nginx": "through nginx",
        "nocache": "every request rendering",
        "archive": "archive, rendering",
    }
    lines = [
        "| page | " + " | ".join(names[mode] for mode in modes) + " |",
        "|---|" + "---:|" * len(modes),
    ]
    for page in PAGES:
        cells = []
        for mode in modes:
            row = next((row for row in results[mode] if row.page == page), None)
            if row is None:
                cells.append("-")
            else:
                p99 = row.median(row.newsroom, "p99")
                cells.append(f"{row.ratio:.2f}\u00d7 (p99 {p99:.0f} ms)")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def report(config: Config, facts: dict) -> str:
    results: dict[str, list[Row]] = facts["results"]
    lines = [
        MARK_START,
        f"Run {facts['started']} to {facts['finished']} (UTC), by `make bench`.",
        "",
        "### Ratio to the reference (median of the rounds; p99 of Newsroom in brackets)",
        "",
        *summary(results),
        "",
    ]
    for mode, rows in results.items():
        lines += [f"### {MODE_TITLES[mode]}", "", *table(rows), ""]
        if mode == "busy" and "failed" in facts["desk"]:
            lines += ["The busy desk failed: " + facts["desk"]["failed"].splitlines()[-1], ""]
        elif mode == "busy" and facts["desk"]:
            writes = facts["desk"]["writes"]
            lines.append(
                "The desk meanwhile: "
                + "; ".join(
                    f"{kind} {w['count']} ({w['per_second']}/s, {w['failed']} failed, "
                    f"median {w['median_ms']} ms)"
                    for kind, w in writes.items()
                )
                + "."
            )
            lines.append("")
    m = facts["machine"]
    lines += [
        "### Machine and set-up",
        "",
        f"- {m['cores']} cores ({m['cpu']}), Linux {m['kernel']}, Python {m['python']}.",
        f"- Load average (1, 5, 15 min) at the start: {facts['load_start']}; "
        f"at the end: {facts['load_end']}.",
        f"- Data: {facts['published']:,} published stories "
        f"({config.articles:,} generated), database {facts['database_size']} "
        f"(PostgreSQL, `{urllib.parse.urlsplit(config.database_url).path.lstrip('/')}`); "
        f"cache: Redis `{config.redis_url}`.",
        f"- Newsroom: `{' '.join(facts['gunicorn'])}` (gunicorn.conf.py: "
        f"{facts['workers']} workers \u00d7 {facts['threads']} threads), production settings "
        "(DEBUG off, Redis cache).",
        f"- Reference: `{' '.join(facts['reference'])}`: the same gunicorn settings, "
        "`benchmarks/reference` (startproject's middleware, DEBUG off), "
        "`/bytes/<n>/` answering as many bytes as the page it is compared with.",
        f"- Each measurement: `{shlex.join(wrk_command(config, '<url>'))}`; "
        f"Newsroom then the reference for each page, {config.rounds} round(s), medians.",
        f"- Pages: {', '.join(f'{page} `{path}`' for page, path in facts['pages'].items())}.",
        f"- Command: `{facts['command']}`.",
        MARK_END,
    ]
    return "\n".join(lines)


def write_report(path: Path, text: str) -> None:
    if path.exists() and MARK_START in (old := path.read_text()) and MARK_END in old:
        before, rest = old.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1]
        path.write_text(before + text + after)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Performance\n\n" + text + "\n")


# --- The run -----------------------------------------------------------------
def main() -> None:
    config = Config()
    config.check()
    config.work.mkdir(parents=True, exist_ok=True)
    started, load_start = datetime.now(UTC), load()
    secret_key = secrets.token_urlsafe(50)
    environment = app_environment(config, secret_key)
    os.environ.update(environment)

    print(f"Database {config.database_url}: ", end="", flush=True)
    print("created" if ensure_database(config.database_url) else "reused", flush=True)
    manage(environment, "migrate", "--noinput")
    print(manage(environment, "generate_articles", "--count", str(config.articles)), flush=True)
    manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
    content = prepare_content(config)
    from django.core.cache import cache

    cache.clear()  # the benchmark's own Redis database: nothing else lives there

    servers: list[Server] = []
    results: dict[str, list[Row]] = {}
    desk_stats: dict = {}
    try:
        reference = gunicorn(
            "reference",
            {
                **{k: v for k, v in environment.items() if k in {"PATH", "HOME", "LANG"}},
                "DJANGO_SETTINGS_MODULE": "benchmarks.reference.settings",
                "REFERENCE_DB": str(config.work / "reference.sqlite3"),
            },
            config.work,
            app="benchmarks.reference.wsgi:application",
        )
        servers.append(reference)
        newsroom = gunicorn("newsroom", environment, config.work)
        servers.append(newsroom)
        pages = content["pages"]
        for mode in config.modes:
            print(f"{MODE_TITLES[mode]} (load {load()})", flush=True)
            if mode == "quiet":
                results[mode] = measure(config, pages, newsroom.url, reference.url)
            elif mode == "busy":
                stats = config.work / "desk.json"
                desk = Server(
                    "busy-desk",
                    [
                        sys.executable,
                        "-m",
                        "benchmarks.busy_desk",
                        newsroom.url,
                        DESK_USER,
                        content["password"],
                        ",".join(map(str, content["drafts"])),
                        str(stats),
                    ],
                    {**os.environ},
                    config.work,
                )
                time.sleep(10)  # all logged in and typing before the timing starts
                try:
                    results[mode] = measure(config, pages, newsroom.url, reference.url)
                finally:
                    desk.stop()
                if stats.exists():
                    desk_stats = json.loads(stats.read_text())
                else:
                    desk_stats = {"failed": (config.work / "busy-desk.log").read_text()[-2000:]}
                    print(f"  the busy desk failed: {desk_stats['failed']}", flush=True)
            elif mode == "nginx":
                proxy = nginx(newsroom.url, config.work / "static", config.work)
                servers.append(proxy)
                chosen = {page: pages[page] for page in NGINX_PAGES}
                results[mode] = measure(config, chosen, proxy.url, reference.url)
                _headers = fetch(proxy.url + pages["article"])[1]
                print(f"  nginx says X-Proxy-Cache: {_headers.get('X-Proxy-Cache')}")
            elif mode in ("nocache", "archive"):
                if "nocache" not in newsroom.name:
                    newsroom.stop()
                    servers.remove(newsroom)
                    newsroom = gunicorn(
                        "newsroom-nocache", {**environment, "NEWSROOM_PAGE_CACHE": "0"}, config.work
                    )
                    servers.append(newsroom)
                if mode == "nocache":
                    results[mode] = measure(config, pages, newsroom.url, reference.url)
                else:
                    results[mode] = measure_archive(config, content, newsroom.url, reference.url)
            for line in table(results[mode]):
                print(line)
            # Written after every mode: a run cut short keeps what it measured.
            publish(config, results, content, desk_stats, started, load_start, newsroom, reference)
    finally:
        for server in reversed(servers):
            server.stop()
    print(f"\nWritten to {config.output} (raw figures: {config.work / 'results.json'}).")


def measure_archive(config: Config, content: dict, base: str, reference: str) -> list[Row]:
    """Article pages at random addresses (cold, then with fragments warm); lists."""
    from django.core.cache import cache

    paths = content["archive"]
    script = random_paths_script(config.work, paths)
    size = len(fetch(base + paths[0])[2])
    count = f"{len(paths):,} addresses"
    cold = Row("article, cold", paths[0], size, f"rendered, {count}, cold", script=script)
    cold.before = cache.clear  # no story fragment cached
    measure_rows(config, [cold], base, reference)
    print(f"  visiting the {count} once, so their fragments are cached", flush=True)
    visit_all(base, paths)
    warm = Row("article", paths[0], size, f"rendered, {count}, fragments warm", script=script)
    chosen = {page: content["pages"][page] for page in ARCHIVE_PAGES}
    measure_rows(config, [warm], base, reference)
    return [cold, warm, *measure(config, chosen, base, reference)]


def publish(config, results, content, desk_stats, started, load_start, newsroom, reference):
    from newsroom.processes import web_processes

    facts = {
        "started": f"{started:%Y-%m-%d %H:%M}",
        "finished": f"{datetime.now(UTC):%H:%M}",
        "load_start": load_start,
        "load_end": load(),
        "machine": machine(),
        "results": results,
        "pages": content["pages"],
        "desk": desk_stats,
        "published": content["published"],
        "database_size": content["database_size"],
        "workers": int(os.environ.get("WEB_CONCURRENCY") or web_processes()),
        "threads": int(os.environ.get("GUNICORN_THREADS", "2")),
        "gunicorn": [Path(a).name if "/" in a else a for a in newsroom.args],
        "reference": [Path(a).name if "/" in a else a for a in reference.args],
        "command": " ".join(
            [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("BENCH_")]
            + ["make bench"]
        ),
    }
    text = report(config, facts)
    write_report(config.output, text)
    raw = {mode: [row.as_dict() for row in rows] for mode, rows in results.items()}
    (config.work / "results.json").write_text(json.dumps({**facts, "results": raw}, indent=2))


if __name__ == "__main__":
    main()
