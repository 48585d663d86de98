"""The model's heads and what their answers mean: a label per head, and a tier from the labels.

The tier follows the label guide (docs/safety-labels.md) and nothing else: crisis `active` or
`plan`, or abuse `disclosure`, is help first; crisis `distress` or `passive`, or abuse `worry`, a
gentle check-in; anything else nothing. A head answers a probability per label, so the tier of
a kind is read from the probability of the labels of each tier, against two thresholds set on
the tuning set (attune.core.screen.tuning).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attune.core.safetysets import (
    ABUSE_KINDS,
    ABUSE_LEVELS,
    ABUSE_TIER,
    CRISIS_RUNGS,
    CRISIS_TIER,
    SIGNS,
)
from attune.core.screen.tiers import Tier

# The heads, in the order of the model's outputs, and the labels of each, in order.
HEADS: dict[str, tuple[str, ...]] = {
    "crisis": CRISIS_RUNGS,
    "abuse": ABUSE_LEVELS,
    "kind": ABUSE_KINDS,
    "sign": SIGNS,
}
KINDS = ("crisis", "abuse")  # the heads that decide a tier
LABEL_TIER = {"crisis": CRISIS_TIER, "abuse": ABUSE_TIER}


@dataclass(frozen=True)
class Thresholds:
    """A kind's two thresholds: on the probability of its help-first labels, and on that of
    any label with a tier (check-in or help first)."""

    check_in: float
    help_first: float

    def tier(self, probabilities: np.ndarray, kind: str) -> Tier:
        """The tier one answer of the kind's head earns (probabilities in label order)."""
        first, any_tier = tier_probabilities(probabilities, kind)
        if first >= self.help_first:
            return Tier.RESOURCES
        return Tier.CHECK_IN if any_tier >= self.check_in else Tier.NONE


def tier_probabilities(probabilities: np.ndarray, kind: str) -> tuple[float, float]:
    """P(a help-first label) and P(any label with a tier) of one answer of a kind's head."""
    tiers = [LABEL_TIER[kind][label] for label in HEADS[kind]]
    first = sum(float(p) for p, t in zip(probabilities, tiers, strict=True) if t == Tier.RESOURCES)
    any_tier = sum(float(p) for p, t in zip(probabilities, tiers, strict=True) if t)
    return first, any_tier


def best_label(probabilities: np.ndarray, head: str) -> str:
    return HEADS[head][int(np.argmax(probabilities))]
