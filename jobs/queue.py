"""Hand slow work to the task queue without ever failing the save that asked for it.

``enqueue(task, *args)`` sends a Celery task once the current transaction
commits (so the worker finds the rows the task needs); outside a
transaction, at once. If the broker cannot take it (down, unreachable, a
network fault), the task is written to the outbox in the database and
``flush_outbox`` sends it later: the save that asked for the work has
already succeeded and loses nothing.

Without a broker (``CELERY_BROKER_URL`` unset: ``make run`` and most tests)
Celery runs tasks in-process, at the moment they are enqueued.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction

from .celery_app import app
from .models import OutboxTask

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args: Any, **kwargs: Any) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # In-process: run now, inside the caller's transaction, as the
        # request used to do the work itself.
        task.apply(args=args, kwargs=kwargs)
        return
    transaction.on_commit(lambda: send(task.name, list(args), kwargs))


def _send_task(task_name: str, args: list, kwargs: dict) -> None:
    app.send_task(task_name, args=args, kwargs=kwargs, queue=settings.CELERY_TASK_DEFAULT_QUEUE)


def send(task_name: str, args: list, kwargs: dict) -> bool:
    """Give the task to the broker; on failure keep it in the outbox. True if sent."""
    try:
        _send_task(task_name, args, kwargs)
    except Exception as error:
        logger.warning("Broker unavailable; %s kept in the outbox: %s", task_name, error)
        OutboxTask.objects.create(
            task_name=task_name, args=args, kwargs=kwargs, last_error=str(error)[:2000]
        )
        return False
    return True


def flush_outbox(limit: int = 500) -> tuple[int, int]:
    """Send what the outbox holds, oldest first. Returns (sent, still waiting)."""
    sent = 0
    for waiting in OutboxTask.objects.all()[:limit]:
        try:
            _send_task(waiting.task_name, waiting.args, waiting.kwargs)
        except Exception as error:
            OutboxTask.objects.filter(pk=waiting.pk).update(
                attempts=waiting.attempts + 1, last_error=str(error)[:2000]
            )
            break  # the broker is still away: try again on the next round
        waiting.delete()
        sent += 1
    return sent, OutboxTask.objects.count()
