"""What the workers say of themselves: a heartbeat row per running worker."""

from django.db import models


class WorkerBeat(models.Model):
    """A running ``run_worker`` process, seen at ``seen_at``.

    A worker stamps its row every few seconds from a thread of its own, also while a long
    task runs; the row goes when the worker stops cleanly. A worker that was killed
    (SIGKILL, a lost machine) stops stamping, and the tasks it held are recovered
    (worker/stalled.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "worker heartbeat"

    def __str__(self):
        return f"{self.worker_id} on {self.host} (pid {self.pid})"
