"""The task queue as an operator sees it: counts by state, and what a stuck task is waiting on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from attune.operations.lease import lease_seconds
from attune.operations.models import WorkerBeat


def when(moment: datetime | None, now: datetime) -> str:
    """'2026-12-07 02:14:03 UTC (3 min ago)': a time an operator can act on."""
    if moment is None:
        return "an unknown time"
    seconds = max(0, int((now - moment).total_seconds()))
    ago = f"{seconds} s" if seconds < 120 else f"{seconds // 60} min"
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC ({ago} ago)"


@dataclass(frozen=True)
class Counts:
    waiting: int  # due now, no worker has it
    scheduled: int  # due later (the next reminder round)
    running: int  # a live worker has it
    stale: int  # its worker has gone quiet; picked up again once the lease runs out
    failed: int
    oldest_waiting: datetime | None


def counts(now: datetime | None = None) -> Counts:
    from django_tasks_db.models import DBTaskResult

    from attune.operations.lease import stale_tasks

    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(status="READY")
    due = DBTaskResult.objects.ready()
    stale = len(stale_tasks(now))
    oldest = due.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return Counts(
        waiting=due.count(),
        scheduled=ready.count() - due.count(),
        running=DBTaskResult.objects.running().count() - stale,
        stale=stale,
        failed=DBTaskResult.objects.failed().count(),
        oldest_waiting=oldest,
    )


def live_beats(now: datetime | None = None) -> dict[str, WorkerBeat]:
    cutoff = (now or timezone.now()) - timedelta(seconds=lease_seconds())
    return {b.worker_id: b for b in WorkerBeat.objects.filter(seen_at__gte=cutoff)}


def what_holds(task_id: str, now: datetime | None = None) -> str:
    """One line on where a task is: waiting since when, or running where and heard from when."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    row = DBTaskResult.objects.filter(pk=task_id).first()
    if row is None:
        return "gone from the task table"
    if row.status == "READY":
        if row.run_after > now and row.run_after.year < 9999:
            return f"due at {when(row.run_after, now)}"
        return f"waiting for a worker since {when(row.enqueued_at, now)}"
    if row.status != "RUNNING":
        return f"{row.status.lower()} at {when(row.finished_at, now)}"
    worker = row.worker_ids[-1] if row.worker_ids else ""
    beat = WorkerBeat.objects.filter(worker_id=worker).first()
    started = f"running since {when(row.started_at, now)} on worker {worker[:8] or '?'}"
    if beat is None:
        return f"{started}, which has stopped; another worker takes it over"
    quiet = now - beat.seen_at
    if quiet <= timedelta(seconds=lease_seconds()):
        return f"{started} (pid {beat.pid} on {beat.host}, heard from {when(beat.seen_at, now)})"
    return (
        f"{started} (pid {beat.pid} on {beat.host}), not heard from since "
        f"{when(beat.seen_at, now)}; another worker takes it over"
    )
