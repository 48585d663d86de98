"""A send left half-done by a dead worker: settled from the outbox, and never waited on for ever."""

import io
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from attune.cli.newsletter import send
from attune.newsletter import sending, tasks
from attune.newsletter.models import Delivery
from attune.operations import once
from attune.operations.models import WorkerBeat
from attune.operations.queue import what_holds
from tests.newsletter.conftest import make_subscribers
from tests.newsletter.test_send import sending_issue


def outbox_messages(folder) -> int:
    return sum(p.read_bytes().count(once.FILE_SEPARATOR) for p in folder.iterdir())


def file_outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = once.FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)


def test_it_stops_waiting_and_says_what_is_stuck_and_since_when(db, fake_library):
    make_subscribers(3)
    out = io.StringIO()
    assert send(out, poll=0.02, timeout=0.2) == 1
    printed = out.getvalue()
    assert "Nothing has moved for 0.2 s" in printed
    assert "batch 1 of 1 (3 subscribers): waiting for a worker since 20" in printed
    assert "No worker is running (none has run yet)" in printed


def test_a_batch_left_running_by_a_dead_worker_says_where_and_since_when(db, fake_library):
    make_subscribers(1)
    [result] = tasks.queue(sending_issue())
    long_ago = timezone.now() - timedelta(minutes=10)
    WorkerBeat.objects.create(worker_id="gone1234abcd", host="box", pid=42, seen_at=long_ago)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=["gone1234abcd"]
    )
    text = what_holds(result.id)
    assert text.startswith("running since 20") and "on worker gone1234" in text
    assert "(pid 42 on box), not heard from since 20" in text and "(10 min ago)" in text
    assert "another worker takes it over" in text


def test_an_open_claim_of_a_dead_worker_found_in_the_outbox_is_not_sent_again(
    db, fake_library, settings, tmp_path
):
    file_outbox(settings, tmp_path)
    [reader] = make_subscribers(1)
    issue = sending_issue()
    assert sending.deliver(issue.pk, [reader.pk]) == 1
    # As if the worker died after writing the message but before marking it sent.
    Delivery.objects.update(state=Delivery.CLAIMED, claimed_by="dead-worker", sent_at=None)
    assert [r.pk for r in sending.waiting(issue)] == [reader.pk]
    assert sending.deliver(issue.pk, [reader.pk]) == 0
    assert outbox_messages(tmp_path) == 1
    assert Delivery.objects.get().state == Delivery.SENT


def test_an_open_claim_of_a_dead_worker_missing_from_the_outbox_is_sent_once(
    db, fake_library, settings, tmp_path
):
    file_outbox(settings, tmp_path)
    [reader] = make_subscribers(1)
    issue = sending_issue()
    Delivery.objects.create(
        issue=issue,
        subscriber=reader,
        message_id=sending.message_id(issue, reader),
        claimed_by="dead-worker",
    )
    assert sending.deliver(issue.pk, [reader.pk]) == 1
    assert sending.deliver(issue.pk, [reader.pk]) == 0
    assert outbox_messages(tmp_path) == 1
    assert Delivery.objects.get().state == Delivery.SENT


def test_where_the_mail_server_cannot_say_an_open_claim_is_marked_unsure_not_resent(
    db, fake_library, smtp
):
    [reader] = make_subscribers(1)
    issue = sending_issue()
    Delivery.objects.create(
        issue=issue, subscriber=reader, message_id=sending.message_id(issue, reader)
    )
    assert sending.deliver(issue.pk, [reader.pk]) == 0
    assert smtp.messages == []
    assert Delivery.objects.get().state == Delivery.UNSURE
    assert not sending.waiting(issue).exists()
