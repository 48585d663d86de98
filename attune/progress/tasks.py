"""Background tasks for progress: a round of reminder e-mails every minute, run by `attune worker`.

The round re-queues itself a minute ahead when it ends, and `attune worker` queues one when it
starts, so a worker that was killed picks the rounds up again; sending is idempotent
(attune.progress.reminders), so a round that runs twice sends nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from attune.progress import reminders

# Reminders are set to a minute of the local clock, so a round each minute is on time.
ROUND_SECONDS = 60
ROUND_PATH = "attune.progress.tasks.send_reminders"


@task()
def send_reminders() -> int:
    """Send every reminder now due; always queue the next round, even after an error."""
    try:
        return reminders.send_due()
    finally:
        queue_next_round(timezone.now() + timedelta(seconds=ROUND_SECONDS))


def queue_next_round(when=None) -> bool:
    """Queue a round at `when` (now by default) unless one is already waiting; True if queued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=ROUND_PATH, status="READY").exists()
    if waiting:
        return False
    if when is None:
        send_reminders.enqueue()
    else:
        send_reminders.using(run_after=when).enqueue()
    return True
