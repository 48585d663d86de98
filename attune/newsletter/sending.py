"""Sending an issue: batches of subscribers, each e-mail claimed before it goes out.

A Delivery row (unique per issue and subscriber) is committed as a claim before the e-mail goes
out and marked sent after: if the send fails the claim is removed and a later run tries again;
if the row is already there the subscriber is skipped, or, when the claim was left open by a
worker that died, settled by attune.operations.once. So a crashed, re-picked or repeated send
never mails anyone the same issue twice.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.core import mail as django_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from attune.newsletter.mail import absolute, message
from attune.newsletter.models import Delivery, Issue, Subscriber
from attune.operations import once

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
BATCH_TASK = "attune.newsletter.tasks.send_batch"
CONFIRM_MAX_AGE = timedelta(days=3)


def settled(issue: Issue) -> Any:
    """Deliveries of this issue that are done: sent, or left unsure by a dead sender."""
    return Delivery.objects.filter(issue=issue, state__in=Delivery.SETTLED)


def waiting(issue: Issue) -> Any:
    """Active subscribers this issue has not reached yet (an open claim counts), oldest first."""
    done = settled(issue).filter(subscriber=OuterRef("pk"))
    return Subscriber.objects.filter(status=Subscriber.ACTIVE).exclude(Exists(done)).order_by("id")


def message_id(issue: Issue, subscriber: Subscriber) -> str:
    return once.message_id("newsletter", f"{issue.number}:{subscriber.token}")


def batches(issue: Issue, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    ids = list(waiting(issue).values_list("id", flat=True))
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def deliver_one(issue: Issue, subscriber: Subscriber, connection: Any) -> bool:
    """Send the issue to one subscriber unless it already went; True when it was sent now."""
    mid = message_id(issue, subscriber)
    try:
        with transaction.atomic():
            claim = Delivery.objects.create(
                issue=issue, subscriber=subscriber, message_id=mid, **once.claim_fields()
            )
    except IntegrityError:
        # Claimed already, by an earlier run or a parallel worker (or the subscriber just left).
        claim = Delivery.objects.filter(issue=issue, subscriber=subscriber).first()
        if claim is None or not once.take_over(claim):
            return False
    try:
        mail = message(
            "digest",
            subscriber,
            {"issue": issue, "help_url": absolute(reverse("safety-crisis"))},
            connection=connection,
        )
        mail.extra_headers["Message-ID"] = mid
        mail.send()
    except Exception:
        # Nothing went out: free the claim, so a later run tries again.
        claim.delete()
        raise
    once.mark(claim, once.SENT)
    return True


def deliver(issue_id: int, subscriber_ids: list[int]) -> int:
    """Send one batch; returns how many e-mails went out. A refused address is skipped."""
    issue = Issue.objects.get(pk=issue_id)
    people = waiting(issue).filter(pk__in=subscriber_ids)
    sent = 0
    with django_mail.get_connection() as connection:
        for subscriber in list(people):
            try:
                sent += deliver_one(issue, subscriber, connection)
            except smtplib.SMTPRecipientsRefused:
                logger.warning("newsletter: the mail server refused subscriber %s", subscriber.pk)
    return sent


def forget_unconfirmed() -> int:
    """Delete addresses that were never confirmed before their link expired."""
    cutoff = timezone.now() - CONFIRM_MAX_AGE
    stale = Subscriber.objects.filter(status=Subscriber.PENDING).filter(
        Q(asked_at__lt=cutoff) | Q(asked_at__isnull=True, created_at__lt=cutoff)
    )
    deleted, _ = stale.delete()
    return deleted


def forget_address(email: str) -> list[str]:
    """Delete the subscription of this address (any capitalisation) and its id from every task.

    Returns the deleted subscribers' tokens, for the ledger of deletions.
    """
    rows = list(Subscriber.objects.filter(email__iexact=email).values_list("pk", "token"))
    if rows:
        Subscriber.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        forget_in_tasks({pk for pk, _ in rows})
    return [token for _, token in rows]


def forget_in_tasks(subscriber_ids: set[int]) -> None:
    """Take these subscribers out of every newsletter batch, queued or done; drop emptied ones."""
    from django_tasks_db.models import DBTaskResult

    for row in DBTaskResult.objects.filter(task_path=BATCH_TASK):
        issue_id, ids = row.args_kwargs["args"]
        kept = [i for i in ids if i not in subscriber_ids]
        if kept == ids:
            continue
        if not kept and row.status == "READY":
            row.delete()
        else:
            row.args_kwargs = {**row.args_kwargs, "args": [issue_id, kept]}
            row.save(update_fields=["args_kwargs"])
