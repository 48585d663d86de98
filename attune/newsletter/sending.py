"""Sending an issue: batches of subscribers, each e-mail recorded in the transaction that sends it.

A Delivery row (unique per issue and subscriber) is inserted before the e-mail goes out, in the
same transaction: if the send fails the row is rolled back and a later run tries again; if the
row is already there the subscriber is skipped. So a crashed or repeated send never mails anyone
the same issue twice. (If the process dies after the mail server accepted a message but before
the commit, that one person can get a second copy on resume: at most one per crash.)
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.core import mail as django_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from attune.newsletter.mail import absolute, message
from attune.newsletter.models import Delivery, Issue, Subscriber

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
CONFIRM_MAX_AGE = timedelta(days=3)


def waiting(issue: Issue) -> Any:
    """Active subscribers this issue has not reached yet, oldest first."""
    return (
        Subscriber.objects.filter(status=Subscriber.ACTIVE)
        .exclude(deliveries__issue=issue)
        .order_by("id")
    )


def batches(issue: Issue, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    ids = list(waiting(issue).values_list("id", flat=True))
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def queue(issue: Issue, size: int = BATCH_SIZE) -> list[Any]:
    """Queue one task per batch of waiting subscribers; returns the task results."""
    from attune.newsletter.tasks import send_batch

    return [send_batch.enqueue(issue.pk, ids) for ids in batches(issue, size)]


def deliver_one(issue: Issue, subscriber: Subscriber, connection: Any) -> bool:
    """Send the issue to one subscriber unless it already went; True when it was sent now."""
    try:
        with transaction.atomic():
            Delivery.objects.create(issue=issue, subscriber=subscriber)
            message(
                "digest",
                subscriber,
                {"issue": issue, "help_url": absolute(reverse("safety-crisis"))},
                connection=connection,
            ).send()
    except IntegrityError:
        return False  # delivered already, by an earlier run or a parallel worker
    return True


def deliver(issue_id: int, subscriber_ids: list[int]) -> int:
    """Send one batch; returns how many e-mails went out. A refused address is skipped."""
    issue = Issue.objects.get(pk=issue_id)
    people = (
        Subscriber.objects.filter(pk__in=subscriber_ids, status=Subscriber.ACTIVE)
        .exclude(deliveries__issue=issue)
        .order_by("id")
    )
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
