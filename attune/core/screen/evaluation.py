"""Measuring the layered screen on a labelled set: each target with counts and a Wilson interval."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from attune.core.safetysets import SIGNS, LabelledText
from attune.core.screen.model import ModelLayer
from attune.core.screen.screening import default_layers, screen_text
from attune.core.screen.tiers import Layer, TextScreen, Tier

ACTIVE = frozenset({"active", "plan"})
IDEATION = frozenset({"passive", "active", "plan"})
SIGN_TOP1_EACH = 0.70


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
class Figure:
    """One measured share; a target when it has a goal (at least, or at most when `ceiling`)."""

    name: str
    rate: Rate
    goal: float | None = None
    ceiling: bool = False

    @property
    def met(self) -> bool | None:
        if self.goal is None or not self.rate.total:
            return None
        share = self.rate.share
        return share <= self.goal + 1e-12 if self.ceiling else share >= self.goal - 1e-12


@dataclass(frozen=True)
class Answer:
    """What the screen made of one labelled text: its screen and the signs it would offer."""

    text: LabelledText
    screen: TextScreen
    signs: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    layers: tuple[str, ...]
    figures: tuple[Figure, ...]
    misses: dict[str, list[str]]  # "crisis plan": the texts the screen missed or under-graded
    false_alarms: dict[str, list[str]]  # "hard tier 2", "everyday tier 1": the texts

    def figure(self, name: str) -> Figure:
        return next(f for f in self.figures if f.name == name)


def everyday(text: LabelledText) -> bool:
    return text.everyday


def hard_negative(text: LabelledText) -> bool:
    """A text that needs no help and is not an everyday line: the screen must stay silent."""
    return text.tier == Tier.NONE and not text.everyday


def answer_all(texts: Sequence[LabelledText], layers: Sequence[Layer]) -> list[Answer]:
    """Screen every text as a person's words are screened (read_text), with these layers: signs
    come from the model layer, and only when no tier fired."""
    model = next((layer.model for layer in layers if isinstance(layer, ModelLayer)), None)
    found = []
    for text in texts:
        screened = screen_text(text.text, layers)
        signs = model.signs(text.text) if model is not None and not screened.tier else []
        found.append(Answer(text, screened, tuple(s.id for s in signs)))
    return found


def evaluate(texts: Sequence[LabelledText], layers: Sequence[Layer] | None = None) -> Evaluation:
    layers = tuple(layers or default_layers())
    return measure(answer_all(texts, layers), tuple(layer.name for layer in layers))


def measure(answers: Sequence[Answer], layers: tuple[str, ...]) -> Evaluation:
    """Each figure over the screen's answers to a labelled set."""
    misses: dict[str, list[str]] = {}
    false_alarms: dict[str, list[str]] = {}

    def rate(
        chosen: Callable[[LabelledText], bool],
        hit: Callable[[Answer], bool],
        miss: Callable[[LabelledText], str] | None = None,
    ) -> Rate:
        group = [a for a in answers if chosen(a.text)]
        hits = 0
        for a in group:
            if hit(a):
                hits += 1
            elif miss is not None:
                misses.setdefault(miss(a.text), []).append(a.text.text)
        return Rate(hits, len(group))

    def caught(kind: str, tier: int) -> Callable[[Answer], bool]:
        return lambda a: a.screen.tier >= tier and getattr(a.screen, kind)

    def silent_at(tier: int, group: str) -> Callable[[Answer], bool]:
        def silent(a: Answer) -> bool:
            if a.screen.tier >= tier:
                false_alarms.setdefault(f"{group} tier {a.screen.tier}", []).append(a.text.text)
                return False
            return True

        return silent

    crisis = rate(
        lambda t: t.crisis in IDEATION, caught("crisis", 1), lambda t: f"crisis {t.crisis}, no tier"
    )
    at_once = rate(
        lambda t: t.crisis in ACTIVE,
        caught("crisis", 2),
        lambda t: f"crisis {t.crisis}, not help first",
    )
    abuse = rate(
        lambda t: t.abuse == "disclosure",
        caught("abuse", 1),
        lambda t: f"abuse disclosure ({t.kind}), no abuse tier",
    )
    abuse_first = rate(lambda t: t.abuse == "disclosure", caught("abuse", 2))
    hard_any = rate(hard_negative, lambda a: not silent_at(1, "hard")(a))
    hard_first = rate(hard_negative, lambda a: a.screen.tier >= Tier.RESOURCES)
    day_any = rate(everyday, lambda a: not silent_at(1, "everyday")(a))
    day_first = rate(everyday, lambda a: a.screen.tier >= Tier.RESOURCES)
    signed = [a for a in answers if a.text.tier == Tier.NONE and a.text.sign not in ("", "none")]
    top1 = Rate(sum(bool(a.signs) and a.signs[0] == a.text.sign for a in signed), len(signed))
    top2 = Rate(sum(a.text.sign in a.signs[:2] for a in signed), len(signed))
    figures = [
        Figure("crisis recall, any tier (passive, active, plan)", crisis, 0.97),
        Figure("crisis help first (active and plan)", at_once, 0.94),
        Figure("abuse recall with the right class (disclosures)", abuse, 0.95),
        Figure("hard negatives, any tier", hard_any, 0.10, ceiling=True),
        Figure("hard negatives, help first", hard_first, 0.015, ceiling=True),
        Figure("everyday lines, any tier", day_any, 0.025, ceiling=True),
        Figure("everyday lines, help first", day_first, 0.0, ceiling=True),
        Figure("signs, top-1", top1, 0.80),
        Figure("signs, top-2", top2, 0.92),
    ]
    for sign in SIGNS[1:]:
        mine = [a for a in signed if a.text.sign == sign]
        hits = sum(bool(a.signs) and a.signs[0] == sign for a in mine)
        figures.append(Figure(f"sign {sign}, top-1", Rate(hits, len(mine)), SIGN_TOP1_EACH))
    figures += [
        Figure("abuse disclosures at help first", abuse_first),
        Figure(
            "abuse worry, a check-in or more",
            rate(lambda t: t.abuse == "worry", caught("abuse", 1)),
        ),
        Figure(
            "crisis distress, a check-in or more",
            rate(lambda t: t.crisis == "distress", lambda a: a.screen.tier >= Tier.CHECK_IN),
        ),
        Figure(
            "tier exactly as labelled", rate(lambda t: True, lambda a: a.screen.tier == a.text.tier)
        ),
    ]
    return Evaluation(
        layers=layers,
        figures=tuple(figures),
        misses=dict(sorted(misses.items())),
        false_alarms=dict(sorted(false_alarms.items())),
    )
