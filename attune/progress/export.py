"""The progress slice of a person's export (attune.privacy.export): their pulses with answers and
scores in words, their progress settings, their reminders and the reminder e-mails sent.

Only the person's own rows: a partner's pulse, even one shared with them, is in the partner's
export. The calendar feed's secret is never kept, so only whether there is one goes in.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet

from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.checkups.export import answers_in_words
from attune.core.concepts import concepts
from attune.core.instruments import Instrument, UnknownInstrument, get_instrument
from attune.progress.models import ProgressSettings, Pulse, Reminder, ReminderSent

NAMES = dict(Reminder.KINDS)


def with_progress(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query joins in the settings and each kind's reminder (a person has at
    most one of a kind), and says whether there is any pulse or reminder e-mail."""
    me = OuterRef("pk")
    return (
        people.annotate(
            **{
                f"{kind}_reminder": FilteredRelation("reminders", condition=Q(reminders__kind=kind))
                for kind, _ in Reminder.KINDS
            }
        )
        .select_related("progress_settings", *(f"{kind}_reminder" for kind, _ in Reminder.KINDS))
        .annotate(
            has_pulses=Exists(Pulse.objects.filter(user=me)),
            has_reminders_sent=Exists(ReminderSent.objects.filter(user=me)),
        )
    )


def progress_for_export(reading: Reading) -> dict[str, Any]:
    person = reading.person
    pulses = Pulse.objects.filter(user=person).order_by("week") if person.has_pulses else []
    reminders = [reading.joined(f"{kind}_reminder") for kind, _ in Reminder.KINDS]
    sent = (
        ReminderSent.objects.filter(user=person).order_by("local_date", "kind")
        if person.has_reminders_sent
        else []
    )
    return {
        "settings": _settings(reading.joined("progress_settings")),
        "pulses": [_pulse(p) for p in pulses],
        "reminders": [_reminder(r) for r in reminders if r is not None],
        # One row per reminder e-mail: which reminder, for which day, and when it went out.
        "reminder_emails": [_sent(s) for s in sent],
    }


def _settings(prefs: ProgressSettings | None) -> dict[str, Any] | None:
    if prefs is None:
        return None
    return {
        "time_zone": prefs.time_zone,
        "share_pulse": prefs.share_pulse,
        # Only whether there is a calendar link: its secret is never kept.
        "calendar_feed": bool(prefs.calendar_token_hash),
        "counted_in_everyones_weeks": prefs.in_pool,
    }


def _pulse(pulse: Pulse) -> dict[str, Any]:
    return {
        "week": pulse.week,
        "instrument_version": pulse.instrument_version,
        "answers": pulse.answers,
        "scores": pulse.scores,
        "taken_at": pulse.taken_at,
        # The same answers and scores, in words, in the order the questions were asked.
        "answers_in_words": answers_in_words(_instrument(pulse.instrument_version), pulse.answers),
        "scores_in_words": _scores_in_words(pulse.scores),
    }


def _instrument(version: int) -> Instrument | None:
    try:
        return get_instrument("pulse", version)
    except UnknownInstrument:
        return None


def _scores_in_words(scores: dict[str, int | None]) -> list[dict[str, Any]]:
    """Each sign's score with its name, in the usual order of the signs."""
    signs = concepts().signs
    order = [*(s for s in signs if s in scores), *(s for s in scores if s not in signs)]
    return [
        {"id": s, "name": signs[s].name if s in signs else s, "score": scores[s]} for s in order
    ]


def _reminder(reminder: Reminder) -> dict[str, Any]:
    return {
        "kind": reminder.kind,
        "name": NAMES.get(reminder.kind, reminder.kind),
        "weekday": reminder.get_weekday_display(),
        "at": reminder.at,
        "by_email": reminder.by_email,
    }


def _sent(sent: ReminderSent) -> dict[str, Any]:
    return {
        "kind": sent.kind,
        "name": NAMES.get(sent.kind, sent.kind),
        "day": sent.local_date,
        "state": sent.state,
        "sent_at": sent.sent_at,
    }
