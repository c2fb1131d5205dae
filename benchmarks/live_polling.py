"""Live coverage under load: ``python -m benchmarks.live_polling`` (run by ``make bench``).

Not a test (speed targets never go in unit tests). It needs Redis (the
page cache shared by the gunicorn processes and the editor's invalidations):
``BENCH_REDIS_URL`` or ``REDIS_URL``, else the page benchmark's own database
(``benchmarks.run.BENCH_REDIS_DEFAULT``); the database is ``BENCH_DATABASE_URL``
(migrated here; a fresh story is made each run) or a throwaway SQLite file.

1. wrk on the polling address with ``If-None-Match`` (every answer a 304),
   against a bare Django (``benchmarks/bare_django.py``) answering 304 with
   the same gunicorn workers and threads.
2. Open-loop readers: ``BENCH_READERS`` (10,000) each polling every
   ``BENCH_POLL_SECONDS`` (15) at a random phase, about 670 requests a
   second, sent at their scheduled times whether or not earlier answers
   have come back (latency counted from the scheduled time, as wrk2 does),
   while an editor publishes an update every 10 seconds. Reports p50/p99,
   errors, and how long each update took to reach the readers.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .run import BENCH_REDIS_DEFAULT

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# gunicorn processes for Newsroom and the references alike: production's default.
WORKERS = int(os.environ.get("BENCH_WORKERS", "0"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
WRK_CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "32"))
READERS = int(os.environ.get("BENCH_READERS", "10000"))
POLL_SECONDS = float(os.environ.get("BENCH_POLL_SECONDS", "15"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
EDITOR_EVERY = float(os.environ.get("BENCH_EDITOR_SECONDS", "10"))
UPDATES = 200
# Connections the open-loop client may hold; beyond it requests queue (and
# their waiting still counts in their latency).
MAX_CONNECTIONS = 256
NEWEST_ID = re.compile(rb'"id": (\d+)')


def workers() -> int:
    from newsroom.processes import web_processes

    return WORKERS or web_processes()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own server
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def environment(var: Path) -> dict[str, str]:
    redis = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or BENCH_REDIS_DEFAULT
    database = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{var / 'bench.sqlite3'}"
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSROOM_SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "NEWSROOM_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
    }


def gunicorn(app: str, env: dict[str, str], log: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    args = [
        str(BIN / "gunicorn"),
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers()),
        "--threads",
        str(THREADS),
        "--access-logfile",
        "/dev/null",
        "--max-requests",
        "0",
        app,
    ]
    process = subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
        args, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    return f"http://127.0.0.1:{port}", process


def make_story():
    """A story in live coverage with UPDATES published updates; returns it and an editor."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from articles.models import Article, Author, LiveUpdate

    now = timezone.now()
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    author, _ = Author.objects.get_or_create(slug="bench-reporter", defaults={"name": "Bench"})
    story = Article.objects.create(
        headline="Storm live: benchmark",
        slug=f"storm-live-{uuid.uuid4().hex[:8]}",
        standfirst="Flooding on the coast.",
        body="<p>What we know so far.</p>",
        status=Article.Status.PUBLISHED,
        published_at=now - timezone.timedelta(hours=2),
        live_started_at=now - timezone.timedelta(hours=2),
    )
    made = LiveUpdate.objects.bulk_create(
        LiveUpdate(
            article=story,
            title=f"Update {n}",
            body=f"<p>Water level report number {n}, with a sentence or two of detail.</p>",
            status=LiveUpdate.Status.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=UPDATES - n),
            idempotency_key=uuid.uuid4(),
        )
        for n in range(UPDATES)
    )
    LiveUpdate.authors.through.objects.bulk_create(
        LiveUpdate.authors.through(liveupdate_id=update.pk, author_id=author.pk) for update in made
    )
    return story, editor


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
        return response.headers["ETag"]


def status_with(url: str, etag: str) -> int:
    request = urllib.request.Request(url, headers={"If-None-Match": etag})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as answer:
        return answer.code


def wrk(url: str, etag: str) -> dict[str, float]:
    wrk_bin = shutil.which("wrk")
    if wrk_bin is None:
        raise SystemExit("wrk is not installed (apt-get install wrk).")
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [
            wrk_bin,
            "-t2",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "--latency",
            "-H",
            f"If-None-Match: {etag}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)

    def millis(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {
        "rate": rate,
        "p50": millis("50%"),
        "p99": millis("99%"),
        "bad": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "none",
    }


# --- The open-loop readers ------------------------------------------------------
@dataclass
class Load:
    host: str
    port: int
    path: str
    etag: str
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    # Per reader: the ETag it holds and the newest update it has seen.
    etags: dict[int, str] = field(default_factory=dict)
    newest: dict[int, int] = field(default_factory=dict)
    # Per published update: when it was committed, and when each reader first saw it.
    posted: dict[int, float] = field(default_factory=dict)
    seen: dict[int, dict[int, float]] = field(default_factory=dict)
    stale_after_commit: int = 0
    # The latest a request was sent after a commit and still got the older answer.
    stale_window: float = 0.0
    idle: list = field(default_factory=list)
    open_connections: int = 0
    slots: asyncio.Semaphore | None = None


async def _connection(load: Load, *, fresh: bool = False):
    """An idle keep-alive connection used within the last 2 s (gunicorn keeps them
    5 s), or a new one."""
    while load.idle and not fresh:
        used_at, connection = load.idle.pop()
        if time.monotonic() - used_at < 2:
            return connection
        connection[1].close()
    load.open_connections += 1
    return await asyncio.open_connection(load.host, load.port)


async def _body(stream_in, head: bytes) -> bytes:
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    if length:
        return await stream_in.readexactly(int(length.group(1)))
    if re.search(rb"(?i)\r\ntransfer-encoding: *chunked", head):
        chunks = []
        while True:
            size = int((await stream_in.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            chunk = await stream_in.readexactly(size + 2)
            if size == 0:
                return b"".join(chunks)
            chunks.append(chunk[:-2])
    return b""


async def _exchange(load: Load, reader: int, *, fresh: bool) -> tuple[object, int, bytes, bytes]:
    connection = await _connection(load, fresh=fresh)
    stream_in, stream_out = connection
    try:
        stream_out.write(
            f"GET {load.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"If-None-Match: {load.etags.get(reader, load.etag)}\r\n\r\n".encode()
        )
        head = await asyncio.wait_for(stream_in.readuntil(b"\r\n\r\n"), timeout=10)
        status = int(head.split(b" ", 2)[1])
        body = await _body(stream_in, head)
    except BaseException:
        stream_out.close()
        raise
    return connection, status, head, body


async def poll_once(load: Load, reader: int, scheduled: float) -> None:
    async with load.slots or asyncio.Semaphore(1):
        sent = time.monotonic()
        try:
            try:
                connection, status, head, body = await _exchange(load, reader, fresh=False)
            except (ConnectionError, asyncio.IncompleteReadError):
                # A kept-alive connection the server had just closed: once more, anew.
                connection, status, head, body = await _exchange(load, reader, fresh=True)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            load.errors[f"{type(error).__name__}: {error}"[:80]] += 1
            load.latencies.append(time.monotonic() - scheduled)
            return
        done = time.monotonic()
        load.idle.append((done, connection))
        load.latencies.append(done - scheduled)
        load.statuses[status] += 1
        if status >= 500:
            load.errors[f"HTTP {status}"] += 1
        if status == 200:
            etag = re.search(rb"(?i)\r\netag: *([^\r]+)", head)
            load.etags[reader] = etag.group(1).decode() if etag else ""
            newest = NEWEST_ID.search(body)
            if newest:
                load.newest[reader] = int(newest.group(1))
        has = load.newest.get(reader, 0)
        for update_id, committed in load.posted.items():
            if has >= update_id:
                load.seen.setdefault(update_id, {}).setdefault(reader, done - committed)
            elif sent >= committed:
                load.stale_after_commit += 1
                load.stale_window = max(load.stale_window, sent - committed)


def editor_posts(story, editor, load: Load, stop: threading.Event, loop) -> None:
    from articles import live

    number = 0
    while not stop.wait(EDITOR_EVERY):
        number += 1
        update, _ = live.post_update(
            story,
            user=editor,
            body=f"Breaking line {number}: the river has risen again.",
            idempotency_key=uuid.uuid4(),
            publish=True,
        )
        committed = time.monotonic()
        loop.call_soon_threadsafe(load.posted.__setitem__, update.pk, committed)


async def open_loop(load: Load, story, editor) -> float:
    load.slots = asyncio.Semaphore(MAX_CONNECTIONS)
    rng = random.Random(20)  # noqa: S311 - phases, not secrets
    events = sorted(
        (phase + round_ * POLL_SECONDS, reader)
        for reader in range(READERS)
        for phase in [rng.uniform(0, POLL_SECONDS)]
        for round_ in range(int(LOAD_SECONDS / POLL_SECONDS) + 1)
        if phase + round_ * POLL_SECONDS < LOAD_SECONDS
    )
    stop = threading.Event()
    loop = asyncio.get_running_loop()
    editor_thread = threading.Thread(
        target=editor_posts, args=(story, editor, load, stop, loop), daemon=True
    )
    start = time.monotonic()
    editor_thread.start()
    tasks = []
    for offset, reader in events:
        delay = start + offset - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(poll_once(load, reader, start + offset)))
    await asyncio.gather(*tasks)
    stop.set()
    editor_thread.join()
    return time.monotonic() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def main() -> None:
    var = Path(tempfile.mkdtemp(prefix="live-bench-"))
    env = environment(var)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from reader.live import polling_url

    call_command("migrate", verbosity=0)
    story, editor = make_story()
    path = polling_url(story)
    newsroom, newsroom_process = gunicorn("newsroom.wsgi:application", env, var / "newsroom.log")
    bare = {**env, "DJANGO_SETTINGS_MODULE": ""}
    reference, reference_process = gunicorn(
        "benchmarks.bare_django:application", bare, var / "ref.log"
    )
    minimal, minimal_process = gunicorn(
        "benchmarks.bare_django:application",
        {**bare, "BARE_DJANGO_STACK": "none"},
        var / "minimal.log",
    )
    try:
        wait_for(f"{newsroom}/healthz")
        targets = {
            "newsroom polling": newsroom + path,
            "stock Django": f"{reference}/updates.json",
            "Django, no middleware": f"{minimal}/updates.json",
        }
        etags = {}
        for label, url in targets.items():
            wait_for(url)
            etags[label] = etag_of(url)
            if status_with(url, etags[label]) != 304:
                raise SystemExit(f"{url} does not answer 304 to its own ETag.")
        print(
            f"Polling {path} ({UPDATES} updates); gunicorn {workers()} workers x {THREADS} "
            f"threads each; {os.cpu_count()} CPUs shared with other work."
        )
        rounds: dict[str, list[dict]] = {label: [] for label in targets}
        for _ in range(2):  # interleaved, so a neighbour's burst hits each alike
            for label, url in targets.items():
                rounds[label].append(wrk(url, etags[label]))
        best = {label: max(runs, key=lambda r: r["rate"]) for label, runs in rounds.items()}
        for label, result in best.items():
            print(
                f"wrk {label + ', 304':<27} {result['rate']:>7.0f} req/s  "
                f"p50 {result['p50']:.2f} ms  p99 {result['p99']:.2f} ms  "
                f"non-2xx/3xx {result['bad']}  socket errors {result['socket_errors']}"
            )
        ours = best["newsroom polling"]["rate"]
        print(
            f"ratio newsroom / stock Django: {ours / best['stock Django']['rate']:.2f}x; "
            f"/ Django without middleware: {ours / best['Django, no middleware']['rate']:.2f}x"
        )

        load = Load("127.0.0.1", int(newsroom.rsplit(":", 1)[1]), path, etag_of(newsroom + path))
        client_cpu = time.process_time()
        elapsed = asyncio.run(open_loop(load, story, editor))
        client_cpu = time.process_time() - client_cpu
        sent = sum(load.statuses.values()) + sum(load.errors.values())
        print(
            f"open loop: {READERS} readers every {POLL_SECONDS:g} s for {elapsed:.0f} s: "
            f"{sent} requests, {sent / elapsed:.0f} req/s, statuses {dict(load.statuses)}, "
            f"errors {dict(load.errors) or 0}, connections {load.open_connections}; "
            f"the client itself used {client_cpu:.0f} s of CPU"
        )
        print(
            f"latency from scheduled time: p50 {percentile(load.latencies, 0.5) * 1000:.1f} ms, "
            f"p99 {percentile(load.latencies, 0.99) * 1000:.1f} ms, "
            f"max {max(load.latencies) * 1000:.1f} ms"
        )
        firsts = [min(seen.values()) for seen in load.seen.values() if seen]
        worst = [max(seen.values()) for seen in load.seen.values() if seen]
        print(
            f"editor: {len(load.posted)} updates published; first reader saw each after "
            f"median {statistics.median(firsts) * 1000 if firsts else 0:.0f} ms; the last "
            f"reader (polling every {POLL_SECONDS:g} s) after at most "
            f"{max(worst) if worst else 0:.1f} s; {load.stale_after_commit} requests sent "
            f"after a commit still got the older answer, the latest "
            f"{load.stale_window * 1000:.0f} ms after it"
        )
    finally:
        for process in (newsroom_process, reference_process, minimal_process):
            process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
