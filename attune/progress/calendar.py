"""The private calendar feed: a person's weekly reminders as repeating events in their time zone."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from attune.progress.models import ProgressSettings, Reminder, hash_token, monday_of
from attune.toolkit.links import absolute, absolute_url

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How long each event lasts in the calendar: about what a pulse or a first conversation takes.
EVENT_MINUTES = {Reminder.PULSE: 5, Reminder.TALK: 45}
SUMMARIES = {Reminder.PULSE: "Weekly check-in", Reminder.TALK: "Conversation night"}


def new_token(prefs: ProgressSettings) -> str:
    """A fresh secret for the feed URL; the old one stops working at once. Shown only once."""
    token = secrets.token_urlsafe(32)
    prefs.calendar_token_hash = hash_token(token)
    prefs.save(update_fields=["calendar_token_hash"])
    return token


def feed_url(token: str) -> str:
    return absolute_url("progress-calendar-feed", token)


def build(prefs: ProgressSettings, reminders: list[Reminder], now: datetime | None = None) -> bytes:
    """An iCalendar file with one weekly repeating event per reminder, in the person's zone.

    Discreet mode gives every event the same neutral title.
    """
    now = now or timezone.now()
    zone = ZoneInfo(prefs.time_zone)
    this_monday = monday_of(now.astimezone(zone).date())
    base = absolute("")
    # Imported here: the library is only needed by the calendar feed, not by every web process.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Attune//Weekly rhythm//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Reminders" if prefs.user.discreet else "Attune")
    for reminder in reminders:
        day = this_monday + timedelta(days=reminder.weekday)
        start = datetime.combine(day, reminder.at, tzinfo=zone)
        event = Event()
        uid = hashlib.sha256(f"{prefs.user.code}:{reminder.kind}".encode()).hexdigest()[:32]
        event.add("uid", f"{uid}@attune")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=EVENT_MINUTES[reminder.kind]))
        event.add("rrule", {"freq": "weekly", "byday": BYDAY[reminder.weekday]})
        event.add("summary", "Reminder" if prefs.user.discreet else SUMMARIES[reminder.kind])
        if reminder.kind == Reminder.PULSE:
            event.add("url", base + reverse("progress-pulse"))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
