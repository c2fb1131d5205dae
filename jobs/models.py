"""Tasks that could not be handed to the broker yet: the outbox."""

from django.db import models
from django.utils import timezone


class OutboxTask(models.Model):
    """A task whose enqueueing failed (the broker was unreachable).

    Kept so the work is not lost: ``flush_outbox`` (run by the scheduler
    every 30 seconds, or by hand) hands it to the broker again.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["created_at"], name="outbox_oldest_first")]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"
