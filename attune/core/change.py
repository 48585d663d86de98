"""Reliable change: is a sign's latest weekly score really different from where it started?

The reliable change index of Jacobson & Truax (1991), with its yardstick (S_diff) estimated from
week-to-week variability (the mean square successive difference) instead of a published
reliability coefficient. docs/progress.md explains the method, its inputs and its limits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

from attune.core.instruments import Instrument

# Jacobson & Truax call a change reliable when |RCI| > 1.96: two-sided, p < .05.
CONFIDENCE = 0.95
Z = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)
# The estimate of the noise is trusted once its 95% upper bound is at most this many times the
# estimate itself (docs/progress.md, "How many weeks are enough").
WIDEST_UPPER_BOUND = 2.0
# Scores are whole numbers: rounding each of two scores moves their difference by up to 1 point.
ROUNDING = 1.0

WILSON_HILFERTY_FROM = 100

OWN = "own"
EVERYONE = "everyone"


@dataclass(frozen=True)
class Noise:
    """Week-to-week variability: squared differences between scores one week apart."""

    pairs: int = 0
    sum_squares: float = 0.0
    people: int = 1

    @property
    def mean_square(self) -> float:
        return self.sum_squares / self.pairs if self.pairs else 0.0

    @property
    def degrees_of_freedom(self) -> float:
        # Successive differences overlap (each score sits in two of them), so the mean square
        # successive difference carries about two thirds of the information of independent
        # squares: for Gaussian noise its variance is 3/m times its squared mean, which a
        # chi-square with 2m/3 degrees of freedom matches.
        return 2 * self.pairs / 3

    def __add__(self, other: Noise) -> Noise:
        return Noise(
            self.pairs + other.pairs,
            self.sum_squares + other.sum_squares,
            self.people + other.people,
        )


@dataclass(frozen=True)
class Change:
    """What the page says about one sign."""

    first: int | None
    latest: int | None
    weeks: int
    threshold: float | None = None
    source: str | None = None
    pairs: int = 0

    @property
    def difference(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first

    @property
    def known(self) -> bool:
        """Whether there is a yardstick at all; without one nothing is called real."""
        return self.threshold is not None

    @property
    def real(self) -> bool:
        if self.threshold is None or self.difference is None:
            return False
        return abs(self.difference) > self.threshold

    @property
    def direction(self) -> str:
        """ "up" (healthier), "down", "steady" (within the noise) or "unknown" (no yardstick)."""
        if not self.known:
            return "unknown"
        if not self.real:
            return "steady"
        return "up" if (self.difference or 0) > 0 else "down"


def week_to_week(points: Sequence[tuple[int, float]]) -> Noise:
    """Noise from scores exactly one week apart; `points` are (week number, score) by week."""
    pairs = 0
    total = 0.0
    for (week_a, score_a), (week_b, score_b) in zip(points, points[1:], strict=False):
        if week_b - week_a == 1:
            pairs += 1
            total += (score_b - score_a) ** 2
    return Noise(pairs, total)


def resolution(instrument: Instrument, construct: str) -> float:
    """The smallest step a construct's score can take: one notch on one answer, all answered."""
    items = instrument.items_for(construct)
    steps = []
    for item in items:
        values = sorted(item.values)
        gap = min(b - a for a, b in zip(values, values[1:], strict=False))
        steps.append(gap / (item.highest - item.lowest))
    return 100 * min(steps) / len(items)


def _lower_gamma_regularised(a: float, x: float) -> float:
    """P(a, x), the regularised lower incomplete gamma function."""
    if x <= 0:
        return 0.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = 0
        while abs(term) > abs(total) * 1e-15:
            n += 1
            term *= x / (a + n)
            total += term
        return total * math.exp(log_front)
    # Continued fraction for the upper part (modified Lentz), then P = 1 - Q.
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-15:
            break
    return 1.0 - math.exp(log_front) * h


def _chi_square_quantile(p: float, df: float) -> float:
    """The value below which a chi-square with `df` degrees of freedom falls with chance p."""
    if df >= WILSON_HILFERTY_FROM:
        # Wilson & Hilferty (1931): the cube root of chi-square/df is close to normal; at 100
        # degrees of freedom it matches the exact 2.5% point to four figures, and it costs
        # nothing where the exact search below would sum thousands of terms.
        h = 2 / (9 * df)
        return df * (1 - h + NormalDist().inv_cdf(p) * math.sqrt(h)) ** 3
    low, high = 0.0, max(1.0, df)
    while _lower_gamma_regularised(df / 2, high / 2) < p:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if _lower_gamma_regularised(df / 2, middle / 2) < p:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12 * high:
            break
    return (low + high) / 2


@cache
def upper_factor(pairs: int) -> float:
    """How much wider than its estimate the noise may be, at the 95% upper confidence bound."""
    if pairs <= 0:
        return math.inf
    df = 2 * pairs / 3
    return math.sqrt(df / _chi_square_quantile((1 - CONFIDENCE) / 2, df))


@cache
def enough_pairs() -> int:
    """The fewest week-to-week pairs whose noise estimate is pinned down well enough to use."""
    pairs = 1
    while upper_factor(pairs) > WIDEST_UPPER_BOUND:
        pairs += 1
    return pairs


def threshold(noise: Noise, step: float) -> float:
    """The smallest difference between two weekly scores that counts as real.

    S_diff (Jacobson & Truax) is sqrt(2) x SE; week-to-week differences of a stable score have
    exactly that spread, so their root mean square estimates S_diff directly. Its 95% upper
    bound is used, and never less than one notch on one answer plus rounding.
    """
    s_diff = math.sqrt(noise.mean_square) * upper_factor(noise.pairs)
    return max(Z * s_diff, step + ROUNDING)


def usable(noise: Noise | None, *, across_people: bool = False) -> bool:
    if noise is None or noise.pairs < enough_pairs():
        return False
    return noise.people >= 2 if across_people else True


def reliable_change(
    points: Sequence[tuple[int, int]], *, everyone: Noise | None, step: float
) -> Change:
    """Compare the latest weekly score with the first, against the noise of the weeks before.

    The person's own weeks give the yardstick once they have enough pairs one week apart;
    otherwise everyone's pooled weeks do, once there are enough of them from more than one
    person; otherwise there is no yardstick and nothing is called real. The latest week never
    widens its own yardstick: only pairs before it count.
    """
    if not points:
        return Change(None, None, 0)
    first, latest = points[0][1], points[-1][1]
    if len(points) < 2:
        return Change(first, latest, 1)
    own = week_to_week(points[:-1])
    if usable(own):
        return Change(first, latest, len(points), threshold(own, step), OWN, own.pairs)
    if everyone is not None and usable(everyone, across_people=True):
        return Change(
            first, latest, len(points), threshold(everyone, step), EVERYONE, everyone.pairs
        )
    return Change(first, latest, len(points), None, None, own.pairs)


def pooled(people: Iterable[Sequence[tuple[int, float]]]) -> Noise:
    """Everyone's week-to-week noise: one person's series at a time, pairs summed."""
    total = Noise(0, 0.0, 0)
    for points in people:
        own = week_to_week(points)
        if own.pairs:
            total = total + own
    return total
