"""Scoring: each construct on one scale from 0 to 100, where higher is always healthier.

The method (docs/scoring.md): every answer is placed between its item's least healthy option (0)
and most healthy option (1), reverse-keyed items flipped; a construct's score is the mean of its
answered items times 100, rounded half up. A construct with fewer than half its items answered
gets no score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from attune.core.bands import Band, BandScale, bands
from attune.core.instruments import Instrument


@dataclass(frozen=True)
class ConstructScore:
    construct: str
    score: int | None
    band: Band | None
    answered: int
    total: int
    reason: str = ""

    @property
    def scored(self) -> bool:
        return self.score is not None


def _round_half_up(value: float) -> int:
    # Not round(): banker's rounding would send 12.5 and 13.5 different ways.
    return math.floor(value + 0.5)


def score_construct(
    instrument: Instrument, construct: str, answers: Mapping[str, int], scale: BandScale
) -> ConstructScore:
    items = instrument.items_for(construct)
    answered = [item for item in items if answers.get(item.id) is not None]
    total = len(items)
    if len(answered) * 2 < total:
        needed = math.ceil(total / 2)
        return ConstructScore(
            construct,
            None,
            None,
            len(answered),
            total,
            f"only {len(answered)} of {total} questions answered; a score needs at least {needed}",
        )
    mean = sum(item.health(answers[item.id]) for item in answered) / len(answered)
    value = _round_half_up(mean * 100)
    return ConstructScore(construct, value, scale.band_for(value), len(answered), total)


def score(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, ConstructScore]:
    """Score every construct the instrument measures; answers must already be checked."""
    scale = bands()
    return {c: score_construct(instrument, c, answers, scale) for c in instrument.constructs}
