"""Real servers on loopback for the tests that need them: gunicorn, nginx, a Celery worker.

Each runs as its own process against the test database (transactional
tests, so what the test writes is committed and visible to them) and the
test run's Redis, so invalidations made by the test reach them. A program
missing from the machine skips the test with the reason, and fails it in
CI (``CI=true``), where .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def require_program(path: str, why: str) -> str:
    found = shutil.which(path) or (path if Path(path).exists() else None)
    if found is None:
        message = f"{path} not found: {why}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url}")


def database_url() -> str:
    """The test database, as an URL another process can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def collect_static(destination: Path) -> Path:
    """What production serves: hashed static files and their manifest."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true", "STATIC_ROOT": str(destination)},
        check=True,
        timeout=120,
    )
    return destination


def app_environment(tmp_path: Path, redis_url: str, **extra: str) -> dict[str, str]:
    """What a production process of the app would be started with, on loopback."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "NINJS_STANDARD_DIR", "NEWSROOM_CHROMIUM"}
    }
    return {
        **inherited,
        "DEBUG": "false",
        # The test's own key: share links and sessions it makes work there too.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "NEWSROOM_SITE_URL": settings.NEWSROOM_SITE_URL,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "NEWSROOM_VAR_DIR": str(tmp_path / "var"),
        "NEWSROOM_TIME_ZONE": settings.TIME_ZONE,
        "STATIC_ROOT": str(STATIC_ROOT),
        **extra,
    }


class Process:
    """A started server, stopped (and its log kept for a failing test) at the end."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT):
        self.log = log
        self._log_file = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
            args, env=env, cwd=cwd, stdout=self._log_file, stderr=subprocess.STDOUT
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log_file.close()

    def output(self) -> str:
        self._log_file.flush()
        return self.log.read_text(errors="replace")[-5000:]


def start_gunicorn(tmp_path: Path, env: dict[str, str], *, workers: int = 2) -> tuple[str, Process]:
    port = free_port()
    process = Process(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
        {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
        tmp_path / "gunicorn.log",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz")
    except TimeoutError:
        process.stop()
        raise AssertionError(process.output()) from None
    return url, process


class RedisServer:
    """A redis-server of the test's own on a free port, to stop and start again.

    Never the machine's shared Redis: a test that takes the cache away must
    not take it from anyone else. Nothing is saved to disk, so a restart
    comes back empty (a real restart may bring its dump back; the page
    cache's ``after_cache_outage`` covers both).
    """

    def __init__(self, tmp_path: Path):
        self.program = require_program("redis-server", "apt-get install redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = tmp_path / f"redis-{self.port}"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process: Process | None = None

    def start(self) -> None:
        import redis

        self.process = Process(
            [
                self.program,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.folder),
            ],
            {"PATH": os.environ.get("PATH", "")},
            self.folder / "redis.log",
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise AssertionError(self.process.output()) from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None

    def pause(self) -> None:
        """Hung, not gone: connections open, nothing answered, nothing forgotten."""
        assert self.process is not None
        self.process.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.process.send_signal(signal.SIGCONT)


@pytest.fixture
def own_redis(tmp_path):
    """A started ``RedisServer``, stopped at the end whatever the test did to it."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.resume()
    server.stop()


def render_nginx_conf(values: dict[str, str]) -> str:
    """deploy/nginx.conf with our ${NAME} placeholders filled, nginx's $variables untouched."""
    template = string.Template((ROOT / "deploy" / "nginx.conf").read_text())
    return template.safe_substitute(values)


def start_nginx(tmp_path: Path, upstream: str) -> tuple[str, Process]:
    nginx = require_program("/usr/sbin/nginx", "apt-get install nginx")
    require_program(
        "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so",
        "apt-get install libnginx-mod-http-cache-purge",
    )
    port = free_port()
    run, logs, cache = tmp_path / "nginx-run", tmp_path / "nginx-logs", tmp_path / "nginx-cache"
    for folder in (run, logs, cache):
        folder.mkdir(parents=True, exist_ok=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        render_nginx_conf(
            {
                "NGINX_USER": "root" if os.geteuid() == 0 else "nobody",
                "NGINX_RUN_DIR": str(run),
                "NGINX_LOG_DIR": str(logs),
                "NGINX_CACHE_DIR": str(cache),
                "NGINX_LISTEN": f"127.0.0.1:{port}",
                "NEWSROOM_UPSTREAM": upstream.removeprefix("http://"),
                "NEWSROOM_STATIC_ROOT": str(STATIC_ROOT),
                "NEWSROOM_MEDIA_LOCATION": f"alias {settings.MEDIA_ROOT}/;",
                "NEWSROOM_PURGE_FROM": "127.0.0.1",
            }
        )
    )
    process = Process(
        [nginx, "-c", str(conf), "-p", str(run), "-g", "daemon off;"],
        {"PATH": os.environ.get("PATH", "")},
        tmp_path / "nginx.log",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz")
    except TimeoutError:
        process.stop()
        raise AssertionError(process.output() + (logs / "error.log").read_text()) from None
    return url, process


# --- Fixtures ---------------------------------------------------------------
# The test run's own Redis database: CI's PostgreSQL run passes REDIS_URL;
# otherwise database 2 on the local server.
TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2"
# Collected once per test run, for the servers' production settings.
STATIC_ROOT = ROOT / "var" / "test-static"


@pytest.fixture(scope="session")
def collected_static() -> Path:
    return collect_static(STATIC_ROOT)


@pytest.fixture
def shared_redis(settings, collected_static) -> str:
    """This test process and the servers it starts share one Redis as their cache,
    so what the test changes (a publish, a withdrawal) reaches their pages."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis not reachable at {TEST_REDIS_URL}: {error}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
    from django.core.cache import cache

    cache.clear()
    return TEST_REDIS_URL
