"""`attune status`: databases, safety model, queue, outbox, last backup and disk, text or JSON."""

import io
import json
import logging
from contextlib import redirect_stdout
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from attune.cli.main import main
from attune.operations.models import WorkerBeat
from attune.progress.tasks import send_reminders

pytestmark = pytest.mark.django_db


def status(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["status", *args])
    return code, out.getvalue()


def test_it_says_a_queue_with_no_worker_needs_attention():
    send_reminders.enqueue()
    code, text = status()
    assert code == 1
    assert "database: sqlite" in text and "up to date" in text
    assert "tasks: 1 waiting, 0 scheduled, 0 running, 0 stale, 0 failed" in text
    assert "needs attention:\n  - no task worker is running" in text


def test_it_counts_a_task_left_running_by_a_dead_worker_as_stale():
    long_ago = timezone.now() - timedelta(minutes=5)
    WorkerBeat.objects.create(worker_id="live", host="box", pid=7)
    row = DBTaskResult.objects.get(pk=send_reminders.enqueue().id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["dead"]
    )
    code, text = status()
    assert code == 1
    assert "1 stale" in text and "workers: 1 running" in text and "pid 7 on box" in text
    assert "1 task(s) left running by a worker that stopped" in text


def test_json_has_every_part_and_all_well_exits_zero():
    WorkerBeat.objects.create(worker_id="live", host="box", pid=7)
    code, text = status("--json")
    found = json.loads(text)
    assert code == 0 and found["problems"] == []
    assert set(found) >= {
        "databases",
        "safety_model",
        "tasks",
        "outbox",
        "last_backup",
        "disk",
        "problems",
    }
    assert found["databases"]["keys"]["reachable"] is True
    assert found["tasks"]["workers"][0]["pid"] == 7
    assert found["outbox"]["unsure"] == 0


def test_json_log_lines_are_one_object_a_line():
    from attune.toolkit.logs import JsonLines

    record = logging.LogRecord("attune.x", logging.WARNING, __file__, 1, "a %s", ("thing",), None)
    line = json.loads(JsonLines().format(record))
    assert line["level"] == "WARNING" and line["message"] == "a thing"
    assert line["logger"] == "attune.x" and line["time"].endswith("+00:00")
