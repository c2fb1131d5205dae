"""Slow work through the real broker and a real Celery worker.

A picture uploaded at the desk is answered at once; its renditions are made
by a worker and appear when ready. With the broker away the upload still
succeeds, the work waits in the outbox, and it is done once the broker is
back. RabbitMQ (127.0.0.1:5672, or NEWSROOM_TEST_BROKER_URL) is the broker;
CI starts it.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from images.models import Image, Rendition
from jobs.celery_app import app as celery_app
from jobs.models import OutboxTask
from jobs.queue import flush_outbox

from .image_files import picture_bytes, upload
from .servers import ROOT, Process, app_environment, collected_static, shared_redis  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
BROKER_URL = os.environ.get("NEWSROOM_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
NOWHERE = "amqp://guest:guest@127.0.0.1:9//"


def broker_answers(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception:
        return False
    return True


@pytest.fixture
def queue(settings):
    """Tasks go through ``BROKER_URL`` to a queue of this test's own."""
    if not broker_answers(BROKER_URL):
        message = f"no broker at {BROKER_URL}: apt-get install rabbitmq-server and start it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    name = f"newsroom-test-{uuid.uuid4().hex[:12]}"
    changed = ("broker_url", "task_always_eager", "task_default_queue")
    previous = {key: celery_app.conf[key] for key in changed}
    point_celery_at(settings, BROKER_URL, name)
    yield name
    celery_app.conf.update(previous)
    forget_broker_connections()


def point_celery_at(settings, broker_url: str, queue_name: str) -> None:
    settings.CELERY_BROKER_URL = broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = queue_name
    celery_app.conf.update(
        broker_url=broker_url, task_always_eager=False, task_default_queue=queue_name
    )
    forget_broker_connections()


def forget_broker_connections() -> None:
    """The next task opens a connection to the broker now configured.

    Celery keeps its connection and producer pools for the life of the
    process (a server never changes broker); this test changes it twice.
    """
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def start_worker(tmp_path, shared_redis, queue):  # noqa: F811 - fixtures
    workers = []

    def start() -> Process:
        env = app_environment(
            tmp_path, shared_redis, CELERY_BROKER_URL=BROKER_URL, CELERY_QUEUE=queue
        )
        worker = Process(
            [
                str(Path(sys.executable).parent / "celery"),
                "--app",
                "jobs.celery_app",
                "worker",
                "--queues",
                queue,
                # A node name of its own: two workers named alike on one broker
                # (another run's, say) fight over the control queue (RESOURCE_LOCKED).
                "--hostname",
                f"{queue}@%h",
                "--pool",
                "solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            env,
            tmp_path / "worker.log",
            cwd=ROOT,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def upload_a_photo(editor_client) -> tuple[dict, Image]:
    """A 2400x1600 photo dropped into the body editor, as TinyMCE sends it."""
    photo = upload(picture_bytes(2400, 1600), name="harbour.jpg")
    started = time.monotonic()
    response = editor_client.post(
        reverse("images:upload"), {"file": photo, "alt_text": "The harbour at dawn"}
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.content
    image = Image.objects.get()
    return {"json": response.json(), "seconds": elapsed}, image


def wait_for_renditions(image: Image, worker: Process, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        made = Rendition.objects.filter(image=image).count()
        if made:
            return made
        time.sleep(0.3)
    raise AssertionError("no renditions appeared:\n" + worker.output())


def test_an_upload_answers_before_its_renditions_exist_and_they_appear(editor_client, start_worker):
    answer, image = upload_a_photo(editor_client)
    # Answered with the cleaned original: no worker has run yet.
    assert Rendition.objects.filter(image=image).count() == 0
    assert image.uuid.hex in answer["json"]["location"]

    worker = start_worker()
    assert wait_for_renditions(image, worker) >= 10
    assert image.rendition(1024).width == 1024


def test_with_the_broker_away_the_upload_succeeds_and_the_work_waits(
    editor_client, start_worker, settings, queue
):
    point_celery_at(settings, NOWHERE, queue)
    _, image = upload_a_photo(editor_client)
    (waiting,) = OutboxTask.objects.all()
    assert (waiting.task_name, waiting.args) == ("images.make_renditions", [image.pk])

    point_celery_at(settings, BROKER_URL, queue)
    assert flush_outbox() == (1, 0)
    worker = start_worker()
    assert wait_for_renditions(image, worker) >= 10
