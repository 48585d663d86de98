"""What a screen answers: a tier (nothing, a gentle check-in, help first) and the hit behind it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable

    from attune.core.screen.text import Passage


class Tier(IntEnum):
    """0 nothing, 1 a gentle private check-in, 2 help (resources) at once."""

    NONE = 0
    CHECK_IN = 1
    RESOURCES = 2


@dataclass(frozen=True)
class TextScreen:
    """Who may see this: only the person who wrote the text. Never a partner, in any form.

    tier: 0 nothing, 1 a gentle private check-in, 2 resources at once. crisis and abuse say which
    kind of help fits (any hit of that class, at any tier). matched and sentence name the hit
    that decided the tier (its pattern id and its normalised sentence).
    """

    tier: int
    crisis: bool
    abuse: bool
    layer: str
    matched: str
    sentence: str


NOTHING = TextScreen(tier=0, crisis=False, abuse=False, layer="none", matched="", sentence="")


@dataclass(frozen=True)
class Hit:
    """One finding of one layer; the screen keeps the highest tier over all of them."""

    tier: int
    kind: str  # "crisis" or "abuse"
    matched: str
    sentence: str
    layer: str


class Layer(Protocol):
    """A way of reading a passage for crisis and abuse language (phrases now, a model later)."""

    name: str

    def hits(self, passage: Passage) -> Iterable[Hit]: ...
