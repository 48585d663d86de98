"""Workers hold a lease on the tasks they run: a task whose worker died is picked up again.

Each `attune worker` keeps a WorkerBeat row fresh every third of the lease, from a thread of its
own, and at the same time looks for tasks left RUNNING under a worker that has gone quiet for
longer than the lease (killed outright, or its machine gone). Those go back to READY, so any
worker picks them up; a task that has already worn out ATTUNE_TASK_ATTEMPTS workers is marked
FAILED instead, so a task that kills its worker cannot go round for ever. Every change is a
conditional update on the row as it was read, so two workers reclaiming at once, or a worker
claiming the task meanwhile, never run it twice.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from attune.operations.models import WorkerBeat

log = logging.getLogger(__name__)
GIVEN_UP = "attune.operations.lease.WorkerLost"

_current_worker = ""


class WorkerLost(Exception):
    """The workers running a task kept dying before it finished."""


def current_worker() -> str:
    """The id of the worker this process runs as; empty outside `attune worker`."""
    return _current_worker


def lease_seconds() -> int:
    return settings.ATTUNE_TASK_LEASE


def live_worker_ids(now: datetime | None = None) -> set[str]:
    cutoff = (now or timezone.now()) - timedelta(seconds=lease_seconds())
    return set(WorkerBeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))


def is_live(worker_id: str, now: datetime | None = None) -> bool:
    return bool(worker_id) and worker_id in live_worker_ids(now)


@dataclass(frozen=True)
class Stale:
    """A task left RUNNING by a worker that is no longer heard from."""

    task_id: str
    task_path: str
    started_at: datetime
    worker_id: str
    attempts: int


def stale_tasks(now: datetime | None = None) -> list[Stale]:
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    live = live_worker_ids(now)
    cutoff = now - timedelta(seconds=lease_seconds())
    found = []
    for task_id, path, started, workers in DBTaskResult.objects.running().values_list(
        "id", "task_path", "started_at", "worker_ids"
    ):
        last = workers[-1] if workers else ""
        if last not in live and (started is None or started < cutoff):
            found.append(Stale(str(task_id), path, started, last, len(workers)))
    return found


def reclaim(now: datetime | None = None) -> tuple[int, int]:
    """Put stale tasks back in the queue (or fail those out of attempts): (requeued, failed)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    requeued = failed = 0
    for stale in stale_tasks(now):
        same = DBTaskResult.objects.filter(
            pk=stale.task_id, status="RUNNING", started_at=stale.started_at
        )
        if stale.attempts >= settings.ATTUNE_TASK_ATTEMPTS:
            failed += same.update(
                status="FAILED",
                finished_at=now,
                exception_class_path=GIVEN_UP,
                traceback=(
                    f"{GIVEN_UP}: the worker running this task stopped {stale.attempts} "
                    "times before it finished; given up (ATTUNE_TASK_ATTEMPTS)\n"
                ),
            )
        else:
            requeued += same.update(status="READY", started_at=None)
    if requeued or failed:
        log.warning("tasks of stopped workers: %d queued again, %d given up", requeued, failed)
    return requeued, failed


class Lease:
    """This process's WorkerBeat, refreshed from a thread until stop()."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="attune-lease", daemon=True)

    def start(self) -> None:
        global _current_worker
        self.beat()
        reclaim()
        _current_worker = self.worker_id
        self._thread.start()

    def beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": timezone.now(), "host": socket.gethostname(), "pid": os.getpid()},
        )

    def _loop(self) -> None:
        every = max(lease_seconds() / 3, 0.5)
        try:
            while not self._stop.wait(every):
                try:
                    self.beat()
                    reclaim()
                except DatabaseError as exc:
                    # A busy database: the next beat tries again, well inside the lease.
                    log.warning("worker lease not renewed this time: %s", exc)
        finally:
            connections.close_all()

    def stop(self) -> None:
        global _current_worker
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        _current_worker = ""
        # If the database cannot be reached, the row goes quiet and expires instead.
        with contextlib.suppress(DatabaseError):
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
