"""Measuring the layered screen on a labelled set: recall, false positives, Wilson intervals."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from attune.core.screen.examples import KINDS, ORDINARY, Example
from attune.core.screen.screening import default_layers, screen_text
from attune.core.screen.tiers import Tier

# ---- evaluation on a frozen set ----

# A negated disclosure ("I would never hurt myself") must get a gentle check-in at most, and never
# silence (issue 8): tier 1 there is the wanted answer, so it is no false positive; tier 2 is.
NEGATED = frozenset({"negation"})


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def wilson(self, z: float = 1.96) -> tuple[float, float]:
        """The 95% Wilson score interval of the share."""
        if not self.total:
            return (0.0, 1.0)
        n, p = self.total, self.share
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Evaluation:
    layers: tuple[str, ...]
    recall: dict[str, Rate]  # caught at tier 1 or 2 with the right kind
    at_once: dict[str, Rate]  # caught at tier 2
    flagged: dict[str, Rate]  # negatives given any tier: "hard" and "ordinary"
    alarmed: dict[str, Rate]  # negatives given tier 2
    # The false-positive measure the floors use, on hard negatives: tier 2 on any of them, or
    # any tier on one that is not a negated disclosure.
    false_positive: Rate
    misses: dict[str, list[str]]  # "crisis/means": the texts missed
    false_alarms: dict[str, list[str]]  # "none/hyperbole": the texts given any tier


def evaluate(examples: Sequence[Example], layers: Sequence[Any] | None = None) -> Evaluation:

    layers = tuple(layers or default_layers())
    counts: dict[str, list[int]] = {}
    misses: dict[str, list[str]] = {}
    false_alarms: dict[str, list[str]] = {}

    def tally(name: str, hit: bool) -> None:
        entry = counts.setdefault(name, [0, 0])
        entry[0] += hit
        entry[1] += 1

    for example in examples:
        screened = screen_text(example.text, layers)
        where = f"{example.label}/{example.category}"
        if example.label in KINDS:
            caught = bool(screened.tier and getattr(screened, example.label))
            tally(f"recall:{example.label}", caught)
            tally(f"at_once:{example.label}", caught and screened.tier == Tier.RESOURCES)
            if not caught:
                misses.setdefault(where, []).append(example.text)
        else:
            group = "ordinary" if example.category in ORDINARY else "hard"
            tally(f"flagged:{group}", screened.tier > 0)
            tally(f"alarmed:{group}", screened.tier == Tier.RESOURCES)
            if group == "hard":
                negated = example.category in NEGATED
                tally(
                    "fp:hard",
                    screened.tier == Tier.RESOURCES or (screened.tier > 0 and not negated),
                )
            if screened.tier:
                false_alarms.setdefault(where, []).append(example.text)

    def rates(prefix: str, names: Sequence[str]) -> dict[str, Rate]:
        return {n: Rate(*counts.get(f"{prefix}:{n}", [0, 0])) for n in names}

    return Evaluation(
        layers=tuple(layer.name for layer in layers),
        recall=rates("recall", KINDS),
        at_once=rates("at_once", KINDS),
        flagged=rates("flagged", ("hard", "ordinary")),
        alarmed=rates("alarmed", ("hard", "ordinary")),
        false_positive=Rate(*counts.get("fp:hard", [0, 0])),
        misses=dict(sorted(misses.items())),
        false_alarms=dict(sorted(false_alarms.items())),
    )
