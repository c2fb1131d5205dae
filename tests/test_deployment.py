"""docker-compose.yml and deploy/: what they configure, checked without a Docker engine.

No engine runs here (nor in CI), so the stack is not started; what it would
run is: the services and their wiring, and the settings each app container
gets, loaded for real by Django in a fresh process.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("setup", "web", "worker", "scheduler")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}, as docker compose does."""

    def replace(match: re.Match) -> str:
        name, operator, default = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if operator == ":?":
            raise AssertionError(f"compose would stop: {default}")
        return default or ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", replace, str(value))


def test_nginx_fronts_two_web_replicas_a_worker_and_the_standard_parts():
    assert set(SERVICES) >= {
        "web",
        "nginx",
        "worker",
        "scheduler",
        "db",
        "redis",
        "rabbitmq",
        "minio",
    }
    assert SERVICES["web"]["deploy"]["replicas"] == 2
    assert SERVICES["nginx"]["ports"] == ["8000:8080"]
    assert SERVICES["nginx"]["environment"]["NEWSROOM_UPSTREAM"] == "web:8000"
    assert "ports" not in SERVICES["web"]  # readers reach the app through nginx only
    assert "celery --app jobs.celery_app worker" in SERVICES["worker"]["command"]
    assert "celery --app jobs.celery_app beat" in SERVICES["scheduler"]["command"]


def test_every_app_container_shares_the_cache_and_a_broker_that_is_not_it():
    for name in APP_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["CELERY_BROKER_URL"].startswith("amqp://")
        assert env["MEDIA_S3_BUCKET"] == "newsroom-media"
        assert env["MEDIA_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert env["NEWSROOM_PURGE_URLS"] == "http://nginx:8080/purge{path}"


def test_every_placeholder_of_the_nginx_template_is_given_and_substituted():
    template = (ROOT / "deploy" / "nginx.conf").read_text()
    placeholders = set(re.findall(r"\$\{(\w+)\}", template))
    entrypoint = (ROOT / "deploy" / "nginx-entrypoint.sh").read_text()
    assert placeholders == set(re.findall(r"\$\{(\w+)\}", entrypoint.split("envsubst")[0]))
    assert placeholders <= set(SERVICES["nginx"]["environment"])


@pytest.mark.parametrize("service", ["web", "worker"])
def test_the_app_containers_settings_pass_the_deploy_check(service):
    env = {
        name: interpolate(value, {"SECRET_KEY": "c" + "ompose-" + "k3y" * 20})
        for name, value in SERVICES[service]["environment"].items()
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Plain http on localhost is the documented choice for this stack; nothing else.
    warnings = set(re.findall(r"\(security\.W\d+\)", result.stdout))
    assert warnings <= {"(security.W004)", "(security.W008)", "(security.W012)", "(security.W016)"}
