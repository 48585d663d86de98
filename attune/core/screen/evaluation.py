"""Measuring the layered screen on a labelled set: each target with counts and a Wilson interval.

The long-text check (`long_texts`, `evaluate_long`): the sets' texts are short (the tuning set's
longest is 77 word pieces), so how the screen reads a long entry is measured on entries built
from a set's own texts: each crisis text and abuse disclosure, and apart from them each hard
negative (200 of them), buried among the set's everyday lines and sign statements (one line in
five; only lines the screen leaves silent on their own) at 300 to 2,500 words, at the start, in
the middle or at the end; and entries of those lines alone. It answers how often
the buried risky text is still caught (and given help first when it asks for it), and how often
a long entry alarms when what is buried needs no help. A fixed seed builds the same entries every
time. Build it from the tuning set to choose; the test set is only ever measured once.
"""

from __future__ import annotations

import math
import random
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


# ---- the long-text check ----

LONG_WORDS = (300, 600, 1200, 2500)
LONG_PLACES = (0.0, 0.5, 1.0)  # the buried text first, in the middle, last
LONG_SEED = 1207
LONG_ALONE = 24  # entries of filler alone
LONG_HARD = 200  # hard negatives buried (drawn by the seed): each entry costs a second or more
# One filler line in five is a sign statement, the rest everyday lines: a diary that mostly
# tells the day. Made mostly of sign statements, every window of 128 pieces is a run of
# complaints, and the windows alone give most such entries a tier (docs/safety-model.md).
LONG_SIGN_SHARE = 0.2


@dataclass(frozen=True)
class LongText:
    """An entry built for the long-text check: the text, and the set's text buried in it (None
    for filler alone), at about `words` words with the buried text at `place` (0 first, 1 last)."""

    text: str
    buried: LabelledText | None
    words: int
    place: float


def _sign_statement(text: LabelledText) -> bool:
    return text.tier == Tier.NONE and not text.everyday and text.sign not in ("", "none")


def _stop(text: str) -> str:
    """A line as a sentence of a long entry: ending in a full stop unless it ends in one."""
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def long_texts(
    texts: Sequence[LabelledText],
    seed: int = LONG_SEED,
    quiet: Callable[[str], bool] | None = None,
) -> list[LongText]:
    """The long entries of the check, built from one set's texts, the same for the same seed.

    Each crisis text (passive, active, plan) and each abuse disclosure is buried once, and
    LONG_HARD hard negatives drawn by the seed, the lengths and places taken in turn; the filler
    lines are drawn at random from the set's everyday lines and, one in five, its sign
    statements: only those `quiet` passes, when given (`evaluate_long_set`: the lines the
    screen itself leaves silent on their own, so that an alarm on a long entry is the long
    reading's, not a short line's false alarm counted again in every entry it is drawn into)."""
    rng = random.Random(seed)
    keep = quiet or (lambda _: True)
    days = [_stop(t.text) for t in texts if everyday(t) and t.tier == Tier.NONE and keep(t.text)]
    signs = [_stop(t.text) for t in texts if _sign_statement(t) and keep(t.text)] or days
    risky = [t for t in texts if t.crisis in IDEATION or t.abuse == "disclosure"]
    hard = [t for t in texts if hard_negative(t)]
    hard = rng.sample(hard, min(LONG_HARD, len(hard)))
    shapes = [(n, place) for n in LONG_WORDS for place in LONG_PLACES]
    found = []
    for group in (risky, hard, [None] * LONG_ALONE):
        group = list(group)
        rng.shuffle(group)
        for index, buried in enumerate(group):
            words, place = shapes[index % len(shapes)]
            lines: list[str] = []
            count = len(buried.text.split()) if buried else 0
            while count < words:
                lines.append(rng.choice(signs if rng.random() < LONG_SIGN_SHARE else days))
                count += len(lines[-1].split())
            if buried is not None:
                lines.insert(round(place * len(lines)), _stop(buried.text))
            found.append(LongText(" ".join(lines), buried, words, place))
    return found


def evaluate_long_set(
    texts: Sequence[LabelledText], layers: Sequence[Layer]
) -> tuple[list[LongText], Evaluation]:
    """The long-text check of a set, as `attune safety eval --long` runs it: the entries built
    from filler these layers leave silent line by line, and their figures."""
    entries = long_texts(texts, quiet=lambda text: not screen_text(text, layers).tier)
    return entries, evaluate_long(entries, layers)


def evaluate_long(entries: Sequence[LongText], layers: Sequence[Layer]) -> Evaluation:
    """The long-text check's figures: the buried risky texts caught (a tier of their kind, and
    help first where their labels ask for it), and the entries alarmed on when the buried text
    is a hard negative or there is none; then the first and the third at each length."""
    misses: dict[str, list[str]] = {}
    false_alarms: dict[str, list[str]] = {}
    screens = [(entry, screen_text(entry.text, layers)) for entry in entries]

    def label(entry: LongText) -> str:
        where = {0.0: "first", 0.5: "in the middle", 1.0: "last"}[entry.place]
        text = entry.buried.text if entry.buried else "(filler alone)"
        return f"{entry.words} words, {where}: {text}"

    def rate(
        chosen: Callable[[LongText], bool],
        hit: Callable[[LongText, TextScreen], bool],
        noted: str = "",
    ) -> Rate:
        """The entries chosen and those hit; each miss noted under `noted`, or each hit when
        `noted` names an alarm."""
        group = [(e, s) for e, s in screens if chosen(e)]
        hits = 0
        for entry, screened in group:
            hit_it = hit(entry, screened)
            hits += hit_it
            if hit_it and noted.endswith("alarm"):
                false_alarms.setdefault(f"{noted}, tier {screened.tier}", []).append(label(entry))
            elif not hit_it and noted and not noted.endswith("alarm"):
                misses.setdefault(noted, []).append(label(entry))
        return Rate(hits, len(group))

    def buried(test: Callable[[LabelledText], bool]) -> Callable[[LongText], bool]:
        return lambda e: e.buried is not None and test(e.buried)

    def of_kind(tier: int) -> Callable[[LongText, TextScreen], bool]:
        def caught(entry: LongText, screened: TextScreen) -> bool:
            assert entry.buried is not None
            kinds = [k for k in ("crisis", "abuse") if _asks(entry.buried, k, tier)]
            return screened.tier >= tier and any(getattr(screened, k) for k in kinds)

        return caught

    def alarmed(tier: int) -> Callable[[LongText, TextScreen], bool]:
        return lambda _, screened: screened.tier >= tier

    def alone(entry: LongText) -> bool:
        return entry.buried is None

    risky = buried(lambda t: _asks(t, "crisis", 1) or _asks(t, "abuse", 1))
    urgent = buried(lambda t: _asks(t, "crisis", 2) or _asks(t, "abuse", 2))
    crisis = buried(lambda t: _asks(t, "crisis", 1))
    abuse = buried(lambda t: _asks(t, "abuse", 1))
    hard = buried(hard_negative)
    figures = [
        Figure(
            "buried risky text, a tier of its kind",
            rate(risky, of_kind(1), "risky text, no tier of its kind"),
        ),
        Figure(
            "buried active, plan or disclosure, help first",
            rate(urgent, of_kind(2), "active, plan or disclosure, not help first"),
        ),
        Figure("buried crisis text, a crisis tier", rate(crisis, of_kind(1))),
        Figure("buried abuse disclosure, an abuse tier", rate(abuse, of_kind(1))),
        Figure("buried hard negative, any tier", rate(hard, alarmed(1), "hard negative alarm")),
        Figure("buried hard negative, help first", rate(hard, alarmed(2))),
        Figure("filler alone, any tier", rate(alone, alarmed(1), "filler alone alarm")),
        Figure("filler alone, help first", rate(alone, alarmed(2))),
    ]
    for n in LONG_WORDS:
        figures += [
            Figure(
                f"at {n} words: buried risky text, a tier of its kind",
                rate(lambda e, n=n: risky(e) and e.words == n, of_kind(1)),
            ),
            Figure(
                f"at {n} words: buried hard negative, any tier",
                rate(lambda e, n=n: hard(e) and e.words == n, alarmed(1)),
            ),
        ]
    return Evaluation(
        layers=tuple(layer.name for layer in layers),
        figures=tuple(figures),
        misses=dict(sorted(misses.items())),
        false_alarms=dict(sorted(false_alarms.items())),
    )


def _asks(text: LabelledText, kind: str, tier: int) -> bool:
    """Whether a text's label of this kind asks for at least this tier (crisis: passive and up
    for a tier, as the recall targets count; active and plan for help first; abuse: a
    disclosure for either)."""
    if kind == "crisis":
        return text.crisis in (IDEATION if tier == 1 else ACTIVE)
    return text.abuse == "disclosure"
