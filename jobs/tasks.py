"""The queue's own housekeeping."""

from celery import shared_task

from .queue import flush_outbox


@shared_task(name="jobs.flush_outbox")
def flush_outbox_task() -> tuple[int, int]:
    return flush_outbox()
