"""Interpretation: from scores to likely causes, strengths and a plan of three strategies.

Pure and deterministic: the same instrument and answers always give the same report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from attune.core.bands import bands
from attune.core.concepts import (
    CAUSE_IDS,
    SAFETY_CAUSE,
    SIGN_IDS,
    STRATEGY_IDS,
    WELLBEING_IDS,
    ConceptModel,
    concepts,
)
from attune.core.instruments import Instrument, check_answers
from attune.core.safety import SafetyScreen, screen_answers
from attune.core.scoring import ConstructScore, score

PLAN_LENGTH = 3


@dataclass(frozen=True)
class Evidence:
    """One answer that points to a cause: "because you said ..."."""

    item_id: str
    text: str
    answer: str


@dataclass(frozen=True)
class LikelyCause:
    cause: str
    score: int
    signs: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class PlanActivity:
    id: str
    couple: bool


@dataclass(frozen=True)
class PlanStep:
    strategy: str
    activities: tuple[PlanActivity, ...]
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    instrument_id: str
    instrument_version: int
    scores: dict[str, ConstructScore]
    safety: SafetyScreen
    likely_causes: tuple[LikelyCause, ...]
    strengths: tuple[str, ...]
    plan: tuple[PlanStep, ...]

    def group(self, ids: tuple[str, ...]) -> list[ConstructScore]:
        return [self.scores[c] for c in ids if c in self.scores]

    @property
    def signs(self) -> list[ConstructScore]:
        return self.group(SIGN_IDS)

    @property
    def causes(self) -> list[ConstructScore]:
        return self.group(CAUSE_IDS)

    @property
    def wellbeing(self) -> list[ConstructScore]:
        return self.group(WELLBEING_IDS)


def _evidence(
    instrument: Instrument, cause: str, answers: Mapping[str, int]
) -> tuple[Evidence, ...]:
    pointing = [
        item
        for item in instrument.items_for(cause)
        if answers.get(item.id) is not None and item.health(answers[item.id]) < 0.5
    ]
    pointing.sort(key=lambda item: (item.health(answers[item.id]), item.id))
    return tuple(Evidence(i.id, i.text, i.label_for(answers[i.id])) for i in pointing)


def likely_causes(
    instrument: Instrument,
    scores: Mapping[str, ConstructScore],
    answers: Mapping[str, int],
    model: ConceptModel,
) -> tuple[LikelyCause, ...]:
    """Causes below the concern line, lowest first; ties go to those feeding more weak signs."""
    concern = bands().concern_below
    weak_signs = {s for s in SIGN_IDS if (v := scores.get(s)) and v.scored and v.score < concern}
    found = []
    for cause in CAUSE_IDS:
        result = scores.get(cause)
        if cause == SAFETY_CAUSE or result is None or not result.scored or result.score >= concern:
            continue
        feeds = tuple(s for s in model.signs_fed_by(cause) if s in weak_signs)
        found.append(LikelyCause(cause, result.score, feeds, _evidence(instrument, cause, answers)))
    found.sort(key=lambda c: (c.score, -len(c.signs), CAUSE_IDS.index(c.cause)))
    return tuple(found)


def strengths(scores: Mapping[str, ConstructScore]) -> tuple[str, ...]:
    line = bands().strength_at
    strong = [
        s
        for s in SIGN_IDS + CAUSE_IDS
        if s != SAFETY_CAUSE and (v := scores.get(s)) and v.scored and v.score >= line
    ]
    order = SIGN_IDS + CAUSE_IDS
    return tuple(sorted(strong, key=lambda c: (-scores[c].score, order.index(c))))


def _need(
    strategy: str, scores: Mapping[str, ConstructScore], model: ConceptModel
) -> tuple[int, list[str]]:
    """How much a strategy is needed: the shortfall from 100 of every sign and cause it answers."""
    total = 0
    answers = []
    linked = [(s.id, s.strategies) for s in model.signs.values()] + [
        (c.id, c.strategies) for c in model.causes.values() if not c.safety_screen
    ]
    for construct, strategies in linked:
        result = scores.get(construct)
        if strategy in strategies and result is not None and result.scored:
            total += 100 - result.score
            if result.score < bands().concern_below:
                answers.append(construct)
    return total, answers


def make_plan(
    scores: Mapping[str, ConstructScore],
    causes: tuple[LikelyCause, ...],
    safety: SafetyScreen,
    model: ConceptModel,
) -> tuple[PlanStep, ...]:
    needs = {s: _need(s, scores, model) for s in STRATEGY_IDS}
    chosen = sorted(STRATEGY_IDS, key=lambda s: (-needs[s][0], STRATEGY_IDS.index(s)))[:PLAN_LENGTH]
    picked: dict[str, list[str]] = {}
    for strategy_id in chosen:
        strategy = model.strategies[strategy_id]
        picked[strategy_id] = list(strategy.when_unsafe if safety.abuse else strategy.activities)
    if safety.abuse:
        # Someone who may be harmed gets no couple activity at all, and safety planning first.
        planning = [a.id for a in model.activities.values() if a.safety_planning]
        for strategy_id in chosen:
            picked[strategy_id] = [a for a in picked[strategy_id] if a not in planning]
        picked[chosen[0]] = planning + picked[chosen[0]]
    else:
        for cause in causes:
            home = next((s for s in chosen if s in model.causes[cause.cause].strategies), None)
            if home is None:
                continue
            for activity in model.causes[cause.cause].solo_activities:
                if not any(activity in acts for acts in picked.values()):
                    picked[home].append(activity)
    return tuple(
        PlanStep(
            strategy=s,
            activities=tuple(PlanActivity(a, model.activities[a].couple) for a in picked[s]),
            answers=tuple(needs[s][1]),
        )
        for s in chosen
    )


def build_report(instrument: Instrument, answers: Mapping[str, int | None]) -> Report:
    """Check the answers, score them and interpret them. Raises AnswerError on a bad answer."""
    checked = check_answers(instrument, answers)
    model = concepts()
    scores = score(instrument, checked)
    safety = screen_answers(instrument, checked)
    causes = likely_causes(instrument, scores, checked, model)
    return Report(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        scores=scores,
        safety=safety,
        likely_causes=causes,
        strengths=strengths(scores),
        plan=make_plan(scores, causes, safety, model),
    )
