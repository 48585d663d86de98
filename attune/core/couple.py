"""The couple report: two partners' shared sign scores side by side, read kindly.

Pure and deterministic. It sees only sign-level scores (never answers, causes, well-being or
the safety screen), because that is all a partner ever shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attune.core.bands import Band, BandScale, bands
from attune.core.concepts import SIGN_IDS, Activity, ConceptModel, Sign, Strategy, concepts
from attune.core.content import CONTENT_DIR, ContentError, load

# A difference this large on the 0..100 scale is worth a conversation (docs/sharing.md).
GAP_POINTS = 20
# Check-ups further apart than this may describe different moments, so the report says so.
APART_DAYS = 30
PLAN_LENGTH = 3

Scores = Mapping[str, int | None]


@dataclass(frozen=True)
class SignPair:
    sign: str
    mine: int | None
    theirs: int | None

    @property
    def gap(self) -> int | None:
        if self.mine is None or self.theirs is None:
            return None
        return abs(self.mine - self.theirs)


@dataclass(frozen=True)
class JointStep:
    strategy: str
    # The weakest signs (of either partner) this strategy answers.
    signs: tuple[str, ...]
    # Couple activities first, then those for one person.
    activities: tuple[str, ...]


@dataclass(frozen=True)
class CoupleReport:
    pairs: tuple[SignPair, ...]
    agree: tuple[str, ...]
    gaps: tuple[str, ...]
    shared_strengths: tuple[str, ...]
    plan: tuple[JointStep, ...]
    far_apart: bool


def _weakest(scores: Scores) -> str | None:
    scored = [(scores[s], SIGN_IDS.index(s)) for s in SIGN_IDS if scores.get(s) is not None]
    if not scored:
        return None
    return SIGN_IDS[min(scored)[1]]


def joint_plan(mine: Scores, theirs: Scores, model: ConceptModel) -> tuple[JointStep, ...]:
    """Strategies answering both partners' weakest signs; those answering both come first."""
    weakest = tuple(dict.fromkeys(w for w in (_weakest(mine), _weakest(theirs)) if w))
    if not weakest:
        return ()
    candidates = dict.fromkeys(s for sign in weakest for s in model.signs[sign].strategies)

    def shortfall(strategy: str) -> int:
        return sum(
            100 - scores[sign.id]
            for sign in model.signs.values()
            if strategy in sign.strategies
            for scores in (mine, theirs)
            if scores.get(sign.id) is not None
        )

    def answered(strategy: str) -> tuple[str, ...]:
        return tuple(w for w in weakest if strategy in model.signs[w].strategies)

    found = list(candidates)
    order = sorted(found, key=lambda s: (-len(answered(s)), -shortfall(s), found.index(s)))
    steps = []
    for strategy_id in order[:PLAN_LENGTH]:
        activities = model.strategies[strategy_id].activities
        couple_first = sorted(activities, key=lambda a: not model.activities[a].couple)
        steps.append(JointStep(strategy_id, answered(strategy_id), tuple(couple_first)))
    return tuple(steps)


def compare(
    mine: Scores,
    theirs: Scores,
    days_apart: int,
    model: ConceptModel | None = None,
    scale: BandScale | None = None,
) -> CoupleReport:
    """Read two partners' sign scores together. Only the five signs are ever looked at."""
    model = model or concepts()
    scale = scale or bands()
    pairs = tuple(SignPair(s, mine.get(s), theirs.get(s)) for s in SIGN_IDS)
    scored = [p for p in pairs if p.gap is not None]
    agree = tuple(p.sign for p in scored if p.gap < GAP_POINTS)
    differ = sorted(
        (p for p in scored if p.gap >= GAP_POINTS),
        key=lambda p: (-(p.gap or 0), SIGN_IDS.index(p.sign)),
    )
    strengths = tuple(
        p.sign
        for p in scored
        if p.mine is not None
        and p.theirs is not None
        and min(p.mine, p.theirs) >= scale.strength_at
    )
    return CoupleReport(
        pairs=pairs,
        agree=agree,
        gaps=tuple(p.sign for p in differ),
        shared_strengths=strengths,
        plan=joint_plan(mine, theirs, model),
        far_apart=abs(days_apart) > APART_DAYS,
    )


@dataclass(frozen=True)
class GapPrompts:
    version: int
    prompts: dict[str, tuple[str, ...]]

    def for_sign(self, sign: str) -> tuple[str, ...]:
        return self.prompts[sign]


def load_gap_prompts(path: Path | None = None) -> GapPrompts:
    path = path or CONTENT_DIR / "gap_prompts.yaml"
    data = load(path, "gap_prompts")
    found = tuple(data["prompts"])
    if set(found) != set(SIGN_IDS):
        raise ContentError(path, "prompts", f"signs must be exactly {list(SIGN_IDS)}")
    return GapPrompts(
        version=data["version"],
        prompts={s: tuple(data["prompts"][s]) for s in SIGN_IDS},
    )


@cache
def gap_prompts() -> GapPrompts:
    """The shipped conversation starters, loaded and checked once per process."""
    return load_gap_prompts()


# ---- the report in words: what the couple page and the API both show ----


@dataclass(frozen=True)
class PairRow:
    """One sign for both partners: its scores, their bands and the gap between them."""

    sign: Sign
    mine: int | None
    theirs: int | None
    mine_band: Band | None
    theirs_band: Band | None
    gap: int | None


@dataclass(frozen=True)
class Gap:
    row: PairRow
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class PlanStep:
    strategy: Strategy
    signs: tuple[Sign, ...]
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class PresentedReport:
    rows: tuple[PairRow, ...]
    agree: tuple[PairRow, ...]
    gaps: tuple[Gap, ...]
    strengths: tuple[Sign, ...]
    plan: tuple[PlanStep, ...]
    far_apart: bool


def present(
    report: CoupleReport,
    model: ConceptModel | None = None,
    scale: BandScale | None = None,
    prompts: GapPrompts | None = None,
) -> PresentedReport:
    """The report with its concepts, bands and conversation starters looked up, once, so the
    page and the API cannot come to say different things about the same two check-ups."""
    model = model or concepts()
    scale = scale or bands()
    prompts = prompts or gap_prompts()

    def band(score: int | None) -> Band | None:
        return None if score is None else scale.band_for(score)

    rows = {
        p.sign: PairRow(model.signs[p.sign], p.mine, p.theirs, band(p.mine), band(p.theirs), p.gap)
        for p in report.pairs
    }
    return PresentedReport(
        rows=tuple(rows.values()),
        agree=tuple(rows[s] for s in report.agree),
        gaps=tuple(Gap(rows[s], prompts.for_sign(s)) for s in report.gaps),
        strengths=tuple(model.signs[s] for s in report.shared_strengths),
        plan=tuple(
            PlanStep(
                model.strategies[step.strategy],
                tuple(model.signs[s] for s in step.signs),
                tuple(model.activities[a] for a in step.activities),
            )
            for step in report.plan
        ),
        far_apart=report.far_apart,
    )
