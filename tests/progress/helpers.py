"""Building pulses for progress tests."""

from datetime import date, timedelta

from attune.core.instruments import get_instrument
from attune.progress.models import Pulse, monday_of

PULSE = get_instrument("pulse")
SIGNS = PULSE.constructs


def pulse_post(value: int = 3, **overrides) -> dict:
    """A complete POST: every item at `value` on the healthy side, overrides by item id."""
    data = {}
    for item in PULSE.items:
        data[item.id] = str(value if item.higher_is_healthier else 4 - value)
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def weekly_pulses(user, scores: list[int], end: date | None = None) -> list[Pulse]:
    """One pulse a week ending in the week of `end`, every sign at the given score."""
    last = monday_of(end or date.today())
    rows = [
        Pulse(
            user=user,
            week=last - timedelta(weeks=len(scores) - 1 - index),
            instrument_version=PULSE.version,
            answers={},
            scores={sign: value for sign in SIGNS},
        )
        for index, value in enumerate(scores)
    ]
    return Pulse.objects.bulk_create(rows)
