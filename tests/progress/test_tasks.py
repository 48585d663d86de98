"""The reminder round as a django-tasks task: it re-queues itself, once, even after an error."""

from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult

from attune.progress import tasks


def waiting() -> int:
    return DBTaskResult.objects.filter(task_path=tasks.ROUND_PATH, status="READY").count()


def test_queueing_a_round_twice_leaves_one_waiting(db):
    assert tasks.queue_next_round() is True
    assert tasks.queue_next_round() is False
    assert waiting() == 1


def test_a_round_queues_the_next_one_a_minute_ahead(db):
    assert tasks.send_reminders.call() == 0
    row = DBTaskResult.objects.get(task_path=tasks.ROUND_PATH)
    assert (row.run_after - row.enqueued_at).total_seconds() >= tasks.ROUND_SECONDS - 1


def test_a_round_that_fails_still_queues_the_next(db):
    failing = mock.patch.object(tasks.reminders, "send_due", side_effect=RuntimeError("boom"))
    with failing, pytest.raises(RuntimeError):
        tasks.send_reminders.call()
    assert waiting() == 1
