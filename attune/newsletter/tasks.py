"""Background tasks: one per batch of subscribers, run by the worker (`attune worker`)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from attune.newsletter.models import Issue
from attune.newsletter.sending import BATCH_SIZE, batches, deliver


@task()
def send_batch(issue_id: int, subscriber_ids: list[int]) -> int:
    """Send an issue to a batch of subscribers, skipping any who already have it."""
    return deliver(issue_id, subscriber_ids)


def queue(issue: Issue, size: int = BATCH_SIZE) -> list[Any]:
    """Queue one task per batch of waiting subscribers; returns the task results."""
    return [send_batch.enqueue(issue.pk, ids) for ids in batches(issue, size)]
