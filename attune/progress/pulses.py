"""Saving a week's pulse, reading a person's sign lines, and keeping everyone's noise pooled."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.utils import timezone

from attune.core.change import Noise, week_to_week
from attune.core.concepts import concepts
from attune.core.instruments import Instrument, get_instrument
from attune.core.scoring import score
from attune.progress.models import ProgressSettings, Pulse, PulseNoise, monday_of, week_number
from attune.safety.care import is_protected

# The tier the free-text screen gives a check-up note with crisis language (Checkup.note_tier).


def settings_for(user) -> ProgressSettings:
    """The person's settings, created on first need: for requests that may change state."""
    found, _ = ProgressSettings.objects.get_or_create(user=user)
    return found


def current_settings(user) -> ProgressSettings:
    """The person's settings, or unsaved defaults: a GET never writes."""
    return ProgressSettings.objects.filter(user=user).first() or ProgressSettings(user=user)


def local_week(time_zone: str, now: datetime | None = None) -> date:
    """The Monday of the person's current week, in their own time zone."""
    now = now or timezone.now()
    return monday_of(now.astimezone(ZoneInfo(time_zone)).date())


def sign_ids() -> tuple[str, ...]:
    return tuple(concepts().signs)


def save_pulse(
    user,
    answers: Mapping[str, int | None],
    *,
    prefs: ProgressSettings | None = None,
    now: datetime | None = None,
) -> Pulse:
    """Save this week's pulse (replacing one already taken this week) and pool its noise.

    The same pulse sent twice at once (a double click on a first pulse) would have both sends
    make the week's row, or the person's settings: the one that loses reads again what the
    other made and saves as a second send would, replacing it.
    """
    instrument = get_instrument("pulse")
    checked = {k: v for k, v in answers.items() if v is not None}
    scores = {c: s.score for c, s in score(instrument, checked).items()}
    prefs = prefs or current_settings(user)
    try:
        return _save_pulse(user, instrument, answers, scores, prefs, now)
    except IntegrityError:
        return _save_pulse(user, instrument, answers, scores, current_settings(user), now)


def _save_pulse(
    user,
    instrument: Instrument,
    answers: Mapping[str, int | None],
    scores: dict[str, int | None],
    prefs: ProgressSettings,
    now: datetime | None,
) -> Pulse:
    week = local_week(prefs.time_zone, now)
    last_week = week - timedelta(days=7)
    with transaction.atomic():
        found = {p.week: p for p in Pulse.objects.filter(user=user, week__in=(week, last_week))}
        joins = last_week in found and not prefs.in_pool
        if prefs.pk is None or joins:
            prefs.in_pool = prefs.in_pool or joins
            prefs.save()
        pulse = found.get(week) or Pulse(user=user, week=week)
        old_scores = pulse.scores if pulse.pk else None
        pulse.instrument_version = instrument.version
        pulse.answers = dict(answers)
        pulse.scores = scores
        pulse.taken_at = now or timezone.now()
        pulse.save()
        if last_week in found:
            _pool(found[last_week].scores, old_scores, scores, joins=joins)
    return pulse


def _pool(
    previous: Mapping[str, int | None],
    replaced: Mapping[str, int | None] | None,
    new: Mapping[str, int | None],
    *,
    joins: bool,
) -> None:
    """Add this week's difference from last week to everyone's pool, minus any it replaces.

    One UPDATE for every sign at once (the rows are made by the migration, or here the first
    time a sign is missing). `joins`: this person counts among the pool's people from now on.
    """
    changes: dict[str, tuple[int, float]] = {}
    for construct in new:
        pairs, squares = 0, 0.0
        if previous.get(construct) is not None:
            if replaced is not None and replaced.get(construct) is not None:
                pairs -= 1
                squares -= (replaced[construct] - previous[construct]) ** 2
            if new[construct] is not None:
                pairs += 1
                squares += (new[construct] - previous[construct]) ** 2
        if pairs or squares or joins:
            changes[construct] = (pairs, squares)
    if changes:
        joined = 1 if joins else 0
        updated = PulseNoise.objects.filter(construct__in=changes).update(
            pairs=F("pairs") + _per_construct(changes, 0, IntegerField()),
            sum_squares=F("sum_squares") + _per_construct(changes, 1, FloatField()),
            people=F("people") + Value(joined),
        )
        if updated < len(changes):
            # The first pulses a sign ever pools: make its row with this change in it.
            existing = set(
                PulseNoise.objects.filter(construct__in=changes).values_list("construct", flat=True)
            )
            PulseNoise.objects.bulk_create(
                [
                    PulseNoise(construct=c, pairs=p, sum_squares=q, people=joined)
                    for c, (p, q) in changes.items()
                    if c not in existing
                ],
                ignore_conflicts=True,
            )


def _per_construct(changes: dict[str, tuple[int, float]], index: int, field) -> Case:
    return Case(
        *(When(construct=c, then=Value(change[index])) for c, change in changes.items()),
        default=Value(0),
        output_field=field,
    )


def everyone_noise() -> dict[str, Noise]:
    return {
        row.construct: Noise(row.pairs, row.sum_squares, row.people)
        for row in PulseNoise.objects.all()
    }


@dataclass(frozen=True)
class SignLine:
    """One sign's weekly scores, oldest first: (Monday of the week, score or None)."""

    sign: str
    name: str
    points: tuple[tuple[date, int | None], ...]

    @property
    def latest(self) -> int | None:
        return next((value for _, value in reversed(self.points) if value is not None), None)

    def scored(self) -> list[tuple[int, int]]:
        """(week number, score) for the weeks with a score, as the change method takes them."""
        return [(week_number(day), value) for day, value in self.points if value is not None]


def sign_lines(user) -> list[SignLine]:
    """Every sign's line from a person's pulses: one query, by the (user, week) index."""
    rows = list(Pulse.objects.filter(user=user).order_by("week").values_list("week", "scores"))
    model = concepts()
    return [
        SignLine(
            sign,
            model.signs[sign].name,
            tuple((week, scores.get(sign)) for week, scores in rows),
        )
        for sign in model.signs
    ]


def pulse_lines_for(user) -> list[SignLine] | None:
    """A person's pulse sign lines for their partner's couple page, or None when not shared.

    Sign scores only, never answers, well-being or safety. None when the person has not chosen
    to share, or when they need care (attune.safety.care.is_protected; it looks the same).
    """
    prefs = ProgressSettings.objects.filter(user=user).only("share_pulse").first()
    if prefs is None or not prefs.share_pulse or is_protected(user):
        return None
    return sign_lines(user)


def pulse_instrument() -> Instrument:
    return get_instrument("pulse")


def withdraw_from_pool(user) -> None:
    """Take a person's week-to-week pairs back out of everyone's pool (before deleting them)."""
    prefs = ProgressSettings.objects.filter(user=user).first()
    if prefs is None or not prefs.in_pool:
        return
    with transaction.atomic():
        for line in sign_lines(user):
            own = week_to_week(line.scored())
            PulseNoise.objects.filter(construct=line.sign).update(
                pairs=F("pairs") - own.pairs,
                sum_squares=F("sum_squares") - own.sum_squares,
                people=F("people") - 1,
            )
        prefs.in_pool = False
        prefs.save(update_fields=["in_pool"])
