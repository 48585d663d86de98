"""Background tasks: one per batch of subscribers, run by the worker (`attune worker`)."""

from __future__ import annotations

from django_tasks import task

from attune.newsletter.sending import deliver


@task()
def send_batch(issue_id: int, subscriber_ids: list[int]) -> int:
    """Send an issue to a batch of subscribers, skipping any who already have it."""
    return deliver(issue_id, subscriber_ids)
