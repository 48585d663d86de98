"""A task whose worker died is picked up again once the lease runs out, and run once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from attune.operations.lease import Lease, reclaim, stale_tasks
from attune.operations.models import WorkerBeat
from attune.progress.tasks import send_reminders

pytestmark = pytest.mark.django_db


def running_under(worker: str, started_ago: float = 60, tries: int = 1) -> DBTaskResult:
    result = send_reminders.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = "RUNNING"
    row.started_at = timezone.now() - timedelta(seconds=started_ago)
    row.worker_ids = [f"{worker}-{n}" for n in range(tries - 1)] + [worker]
    row.save()
    return row


def beat(worker: str, ago: float) -> None:
    WorkerBeat.objects.create(
        worker_id=worker, host="here", pid=1, seen_at=timezone.now() - timedelta(seconds=ago)
    )


def test_it_queues_again_a_task_whose_worker_went_quiet(settings):
    settings.ATTUNE_TASK_LEASE = 30
    beat("dead", ago=45)
    row = running_under("dead")
    assert reclaim() == (1, 0)
    row.refresh_from_db()
    assert row.status == "READY" and row.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=row.pk).exists()


def test_it_leaves_alone_a_task_whose_worker_is_alive(settings):
    settings.ATTUNE_TASK_LEASE = 30
    beat("alive", ago=5)
    row = running_under("alive", started_ago=600)
    assert reclaim() == (0, 0)
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_task_just_claimed_by_a_worker_not_yet_heard_from_is_left_alone(settings):
    settings.ATTUNE_TASK_LEASE = 30
    row = running_under("new", started_ago=1)
    assert stale_tasks() == []
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_task_that_wore_out_its_workers_is_failed_with_a_reason(settings):
    settings.ATTUNE_TASK_LEASE = 30
    settings.ATTUNE_TASK_ATTEMPTS = 3
    row = running_under("dead", tries=3)
    assert reclaim() == (0, 1)
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert "stopped 3 times" in row.traceback


def test_a_task_claimed_again_meanwhile_is_not_touched(settings, monkeypatch):
    settings.ATTUNE_TASK_LEASE = 30
    row = running_under("dead")
    found = stale_tasks()

    def claimed_meanwhile(now=None):
        DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now())
        return found

    monkeypatch.setattr("attune.operations.lease.stale_tasks", claimed_meanwhile)
    assert reclaim() == (0, 0)
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_lease_is_kept_fresh_and_given_back_when_the_worker_stops(settings):
    settings.ATTUNE_TASK_LEASE = 30
    lease = Lease("me")
    lease.start()
    try:
        assert WorkerBeat.objects.get(worker_id="me").seen_at > timezone.now() - timedelta(
            seconds=5
        )
    finally:
        lease.stop()
    assert not WorkerBeat.objects.exists()
