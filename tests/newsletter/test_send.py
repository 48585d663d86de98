"""`attune newsletter send`: the digest arrives over SMTP, once each, even across a crash."""

import datetime
import io
from collections import Counter
from urllib.parse import urlsplit

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attune.cli.main import main
from attune.newsletter import sending
from attune.newsletter.digest import iso_week
from attune.newsletter.models import Delivery, Issue, Subscriber
from tests.newsletter.conftest import html_of, link_in, make_subscribers, text_of

DIGEST = "Your weekly note"


def digests_to(smtp, address: str) -> list:
    return [m for m in smtp.to(address) if m["Subject"].startswith(DIGEST)]


def test_it_delivers_the_digest_until_a_one_click_unsubscribe(
    client, smtp, immediate_tasks, fake_library
):
    client.post(reverse("newsletter-subscribe"), {"email": "robin@example.org"})
    [confirmation] = smtp.to("robin@example.org")
    client.post(link_in(confirmation, "confirm"))

    out = io.StringIO()
    assert sending_now(out) == 0
    [digest] = digests_to(smtp, "robin@example.org")
    issue = Issue.objects.get()
    assert digest["Subject"] == issue.subject == "Your weekly note, no. 1"
    assert "SOMETHING TO TALK ABOUT" in text_of(digest)
    assert "<h2>Something to talk about</h2>" in html_of(digest)
    token = Subscriber.objects.get().token
    header = digest["List-Unsubscribe"].strip()
    assert header == f"<http://testserver/newsletter/unsubscribe/{token}/>"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in text_of(digest) and header[1:-1] in html_of(digest)
    assert "1/1 sent" in out.getvalue()

    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        urlsplit(header[1:-1]).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7)):
        assert sending_now(io.StringIO()) == 0
        assert Issue.objects.count() == 2
    assert len(digests_to(smtp, "robin@example.org")) == 1


def sending_now(out: io.StringIO, **options) -> int:
    from attune.cli.newsletter import send

    return send(out, poll=0.01, **options)


def test_it_resumes_a_crashed_send_and_gives_everyone_exactly_one_copy(
    db, smtp, immediate_tasks, fake_library, monkeypatch
):
    people = make_subscribers(7)
    real_message = sending.message
    sent = Counter()

    def crash_on_the_fifth(*args, **kwargs):
        mail = real_message(*args, **kwargs)
        if sum(sent.values()) == 4:
            raise ConnectionResetError("the mail server went away mid-send")
        sent[mail.to[0]] += 1
        return mail

    monkeypatch.setattr(sending, "message", crash_on_the_fifth)
    out = io.StringIO()
    assert sending_now(out, batch_size=3) == 1
    assert "failed" in out.getvalue() and "again to resume" in out.getvalue()
    assert len(smtp.messages) == 4
    assert Delivery.objects.count() == 4  # the crashed send left no row behind

    monkeypatch.setattr(sending, "message", real_message)
    assert sending_now(io.StringIO(), batch_size=3) == 0
    assert Counter(m["X-Envelope-To"] for m in smtp.messages) == {p.email: 1 for p in people}
    assert sending_now(io.StringIO()) == 0
    assert len(smtp.messages) == 7


def test_it_skips_people_a_batch_already_reached_when_it_is_run_twice(db, smtp, fake_library):
    people = make_subscribers(3)
    issue = sending_issue()
    ids = [p.pk for p in people]
    assert sending.deliver(issue.pk, ids) == 3
    assert sending.deliver(issue.pk, ids) == 0
    assert len(smtp.messages) == 3


def sending_issue() -> Issue:
    from attune.newsletter.digest import issue_for_week

    return issue_for_week(iso_week(timezone.localdate()))


def test_it_sends_nothing_to_pending_or_departed_addresses(db, smtp, immediate_tasks, fake_library):
    make_subscribers(2)
    Subscriber.objects.create(email="pending@example.org", status=Subscriber.PENDING)
    Subscriber.objects.create(email="gone@example.org", status=Subscriber.UNSUBSCRIBED)
    assert sending_now(io.StringIO()) == 0
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == [
        "reader0@example.org",
        "reader1@example.org",
    ]


def test_it_queues_batches_for_the_worker_and_returns_with_no_wait(
    db, smtp, fake_library, monkeypatch
):
    # The worker closes connections between tasks; that would end the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    make_subscribers(5)
    out = io.StringIO()
    assert sending_now(out, wait=False, batch_size=2) == 0
    assert "Queued 3 batch(es)" in out.getvalue()
    assert smtp.messages == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(smtp.messages) == 5
    assert Delivery.objects.count() == 5


def test_it_forgets_addresses_never_confirmed_in_time(db, smtp, immediate_tasks, fake_library):
    old = timezone.now() - datetime.timedelta(days=4)
    Subscriber.objects.create(email="old@example.org", created_at=old, asked_at=old)
    Subscriber.objects.create(email="new@example.org", asked_at=timezone.now())
    sending_now(io.StringIO())
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["new@example.org"]


def test_it_runs_from_the_command_line(db, smtp, immediate_tasks, fake_library, capsys):
    make_subscribers(2)
    assert main(["newsletter", "send", "--batch-size", "1"]) == 0
    printed = capsys.readouterr().out
    assert "\r[" in printed and "2/2 sent" in printed
    assert len(smtp.messages) == 2
    assert main(["newsletter", "send"]) == 0
    assert "has reached every subscriber" in capsys.readouterr().out
