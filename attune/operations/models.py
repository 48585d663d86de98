"""Each running task worker, and when it was last heard from: its lease on the tasks it runs."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerBeat(models.Model):
    """One row per live `attune worker` process, refreshed every few seconds while it runs.

    A task RUNNING under a worker whose row has gone quiet for longer than the lease is picked
    up again by another worker. Holds no data about people.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_at", "worker_id"]

    def __str__(self) -> str:
        return f"{self.worker_id} (pid {self.pid} on {self.host})"
