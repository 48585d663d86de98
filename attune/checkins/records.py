"""Saving today's check-in, and the person's own recent days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from attune.checkins.models import HISTORY_DAYS, NEED_IDS, Checkin
from attune.couples.models import Link
from attune.safety.freetext import Written


def save_checkin(
    user,
    day: date,
    data: dict[str, Any],
    note: Written,
    link: Link | None,
    todays: Checkin | None = None,
) -> Checkin:
    """Save the day's check-in, replacing `todays` (the one already made that day, if any).

    `note` is the short line as attune.safety.freetext wrote it (sealed, and screened).

    `link` is the link to share in, or None when nothing may be shared (not linked, or the
    person's own screen is positive): then both sharing choices are off, whatever was sent.
    """
    checkin = todays or Checkin(user=user, day=day)
    checkin.stress = data["stress"]
    checkin.needs = [need for need in NEED_IDS if need in data.get("needs", ())]
    checkin.note, checkin.note_tier = note.sealed, note.tier
    checkin.share_need = bool(link and data.get("share_need"))
    checkin.share_stress = bool(link and data.get("share_stress"))
    checkin.shared_link = link if checkin.share_need or checkin.share_stress else None
    if checkin.pk is not None:
        checkin.save()
        return checkin
    try:
        with transaction.atomic():
            checkin.save(force_insert=True)
    except IntegrityError:
        # Two sends of the first check-in of the day at once: the later one replaces it.
        first = Checkin.objects.get(user=user, day=day)
        checkin.pk, checkin.code, checkin.created_at = first.pk, first.code, first.created_at
        checkin.save(force_update=True)
    return checkin


def recent(user, today: date) -> list[Checkin]:
    """The person's own check-ins of the last HISTORY_DAYS days, newest first: one query."""
    since = today - timedelta(days=HISTORY_DAYS - 1)
    return list(Checkin.objects.filter(user=user, day__gte=since, day__lte=today).order_by("-day"))
