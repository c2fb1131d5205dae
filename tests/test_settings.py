"""Production configuration, checked in fresh processes as a server would start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "p" + "x7Kq2mVb9LwZr4Tn8YcHs3FjD6gA1uEoQiPzRkNlMyWtXvBe5Ca0"


def run_django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    inherited = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by pytest-env/Playwright
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"WEB_CONCURRENCY": "1", **clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django(["check"], DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_https_protections_can_be_switched_off_for_a_proxy():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    result = run_django(
        ["shell", "-v", "0", "-c", code],
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="off",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.stdout.split() == ["False", "False", "0"], result.stderr


def test_a_garbled_boolean_is_a_clear_error():
    result = run_django(["check"], DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


@pytest.mark.parametrize("zone", ["Europe/Moscow", "UTC"])
def test_newsroom_time_zone_comes_from_the_environment(zone):
    code = "from django.conf import settings as s; print(s.TIME_ZONE)"
    result = run_django(["shell", "-v", "0", "-c", code], DEBUG="true", NEWSROOM_TIME_ZONE=zone)
    assert result.stdout.strip() == zone


def test_production_refuses_several_processes_without_a_shared_cache():
    result = run_django(
        ["check"],
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="news.example.org",
        WEB_CONCURRENCY="5",
        REDIS_URL="",
    )
    assert result.returncode != 0
    assert "5 web processes and no shared cache" in result.stderr


def test_one_process_without_redis_or_several_with_it_start():
    for env in (
        {"WEB_CONCURRENCY": "1"},
        {"WEB_CONCURRENCY": "5", "REDIS_URL": "redis://r:6379/0"},
    ):
        result = run_django(
            ["check"],
            DEBUG="false",
            SECRET_KEY=PRODUCTION_KEY,
            ALLOWED_HOSTS="news.example.org",
            **{"REDIS_URL": "", **env},
        )
        assert result.returncode == 0, result.stderr


def test_the_task_broker_is_never_the_cache_s_redis():
    result = run_django(
        ["check"],
        DEBUG="true",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode != 0
    assert "CELERY_BROKER_URL must not be the cache's Redis" in result.stderr
