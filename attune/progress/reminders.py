"""Weekly reminders in each person's own time zone, e-mailed once and only once.

Each e-mail is claimed first: a row keyed (person, kind, local date) is committed before the
message goes out, so a retried or restarted batch can never send a second copy. A claim left
without its "sent" mark is settled by attune.operations.once (the outbox is the witness).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from attune.operations import once
from attune.progress.models import Reminder, ReminderSent
from attune.toolkit.links import absolute, absolute_url

log = logging.getLogger(__name__)


def next_occurrence(weekday: int, at: time, time_zone: str, after: datetime) -> datetime:
    """The first moment strictly after `after` that is `weekday` at `at` on the local clock.

    The date is chosen on the local calendar and only then given its offset, so a reminder at
    19:00 stays at 19:00 local time on both sides of a daylight-saving change.
    """
    zone = ZoneInfo(time_zone)
    local = after.astimezone(zone)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    while True:
        candidate = datetime.combine(day, at, tzinfo=zone)
        if candidate > after:
            return candidate.astimezone(ZoneInfo("UTC"))
        day += timedelta(days=7)


def schedule(reminder: Reminder, time_zone: str, now: datetime | None = None) -> None:
    """Set when the reminder is next due by e-mail (nothing when it is calendar-only)."""
    now = now or timezone.now()
    reminder.next_due = (
        next_occurrence(reminder.weekday, reminder.at, time_zone, now)
        if reminder.by_email
        else None
    )


def message_id(reminder: Reminder, local_date: date) -> str:
    key = f"{reminder.user.code}:{reminder.kind}:{local_date.isoformat()}"
    return once.message_id("reminder", key)


def build_message(reminder: Reminder, local_date: date) -> EmailMultiAlternatives:
    """Neutral words only: never a score, an answer, or what the reminder is about in detail."""
    target = "progress-pulse" if reminder.kind == Reminder.PULSE else "web-home"
    context = {
        "link": absolute(reverse(target)),
        "settings_link": absolute_url("progress-reminders"),
    }
    subject = " ".join(render_to_string("progress/email/reminder-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject,
        render_to_string("progress/email/reminder-body.txt", context),
        to=[reminder.user.email],
        headers={"Message-ID": message_id(reminder, local_date)},
    )
    message.attach_alternative(
        render_to_string("progress/email/reminder-body.html", context), "text/html"
    )
    return message


def deliver(reminder: Reminder, local_date: date) -> bool:
    """Send one reminder unless it was already sent; True when this call sent it."""
    mid = message_id(reminder, local_date)
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                user=reminder.user,
                kind=reminder.kind,
                local_date=local_date,
                message_id=mid,
                **once.claim_fields(),
            )
    except IntegrityError:
        claim = ReminderSent.objects.get(
            user=reminder.user, kind=reminder.kind, local_date=local_date
        )
        if not once.take_over(claim):
            return False
    try:
        build_message(reminder, local_date).send()
    except Exception:
        # Nothing went out: free the claim, so the next round can try again.
        claim.delete()
        raise
    once.mark(claim, once.SENT)
    return True


def send_due(now: datetime | None = None, limit: int = 500) -> int:
    """Send every reminder due by `now` (on its own local day), then move each to next week.

    A reminder whose local day has already passed (the worker was down) is not sent late; it
    just moves on. Returns how many e-mails this call sent.
    """
    now = now or timezone.now()
    sent = 0
    due = (
        Reminder.objects.filter(next_due__lte=now, by_email=True)
        .select_related("user", "user__progress_settings")
        .order_by("next_due", "pk")[:limit]
    )
    for reminder in due:
        prefs = getattr(reminder.user, "progress_settings", None)
        time_zone = prefs.time_zone if prefs else "UTC"
        zone = ZoneInfo(time_zone)
        local_date = reminder.next_due.astimezone(zone).date()
        if reminder.user.is_active and now.astimezone(zone).date() == local_date:
            try:
                sent += deliver(reminder, local_date)
            except Exception:
                log.exception("a reminder e-mail could not be sent; it will be tried again")
                continue
        reminder.next_due = next_occurrence(
            reminder.weekday, reminder.at, time_zone, max(now, reminder.next_due)
        )
        reminder.save(update_fields=["next_due"])
    return sent
