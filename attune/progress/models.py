"""Weekly pulses, each person's weekly rhythm and reminders, and everyone's pooled noise."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from attune.accounts.codes import new_code

# Monday 5 January 1970: week numbers count Mondays from here, so "one week apart" is exact.
EPOCH_MONDAY = date(1970, 1, 5)
WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


def week_number(monday: date) -> int:
    return (monday - EPOCH_MONDAY).days // 7


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hash_token(token: str) -> str:
    """Only this hash is stored, so a copy of the database cannot be turned back into a feed URL."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ProgressSettings(models.Model):
    """Only the person themself sees these."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_settings"
    )
    # An IANA name such as Europe/London: reminders keep their local time through daylight saving.
    time_zone = models.CharField(max_length=64, default="UTC")
    # "Share my pulse sign lines with my partner": sign scores only, off until the person says so.
    share_pulse = models.BooleanField(default=False)
    # SHA-256 of the calendar feed's secret token; blank when there is no feed.
    calendar_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Whether this person already counts among the people in the pooled noise.
    in_pool = models.BooleanField(default=False)


class Pulse(models.Model):
    """One week's pulse. Answers: only the person. Scores: the person, and their partner as sign
    lines only when the person chooses to share them."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    # No index of its own: the (user, week) constraint's index starts with the user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The Monday of the person's local week: one pulse per week, a second answer replaces it.
    week = models.DateField()
    instrument_version = models.PositiveIntegerField()
    # Item id -> value (null when skipped). Only the person.
    answers = models.JSONField(default=dict)
    # Sign id -> 0..100 or null. The person; their partner only as shared sign lines.
    scores = models.JSONField(default=dict)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["week", "id"]
        constraints = [
            # Also the index that makes one person's pulses a short range scan, whatever the
            # size of the table (bench/trends.py).
            models.UniqueConstraint(fields=["user", "week"], name="one_pulse_a_week"),
        ]

    @property
    def week_number(self) -> int:
        return week_number(self.week)


class PulseNoise(models.Model):
    """Everyone's week-to-week differences per sign, summed: no person can be read out of it."""

    construct = models.CharField(max_length=40, unique=True)
    pairs = models.BigIntegerField(default=0)
    sum_squares = models.FloatField(default=0.0)
    people = models.PositiveIntegerField(default=0)


class Reminder(models.Model):
    """A person's weekly reminder. Only the person sees it."""

    PULSE = "pulse"
    TALK = "talk"
    KINDS = [(PULSE, "Weekly pulse"), (TALK, "Conversation night")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=8, choices=KINDS)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    # Wall-clock time in the person's time zone (ProgressSettings.time_zone).
    at = models.TimeField()
    by_email = models.BooleanField(default=True)
    # The next time, in UTC, this reminder is due by e-mail; null when it is not e-mailed.
    next_due = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_reminder_per_kind")
        ]


class ReminderSent(models.Model):
    """One row per reminder e-mail: the unique key is what stops a second copy."""

    CLAIMED, SENT, UNSURE = "claimed", "sent", "unsure"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)
    local_date = models.DateField()
    state = models.CharField(max_length=8, default=CLAIMED)
    message_id = models.CharField(max_length=200)
    # The worker that holds the claim while it sends (empty when sent outside a worker).
    claimed_by = models.CharField(max_length=64, blank=True, default="")
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "local_date"], name="one_reminder_a_day"
            )
        ]
