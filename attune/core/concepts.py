"""The concept model: five signs, eight causes, well-being, four strategies and their activities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attune.core.content import CONTENT_DIR, ContentError, load

SIGN_IDS = ("lonely", "misunderstood", "imbalance", "affection", "support")
CAUSE_IDS = (
    "self_awareness",
    "fear_of_judgement",
    "trust",
    "understanding",
    "listening",
    "self_esteem",
    "past",
    "abuse_neglect",
)
WELLBEING_IDS = ("mood", "worry", "crisis")
CONSTRUCT_IDS = SIGN_IDS + CAUSE_IDS + WELLBEING_IDS
STRATEGY_IDS = ("support", "candour", "listening", "conversation")
SAFETY_CAUSE = "abuse_neglect"
CRISIS = "crisis"


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    summary: str
    about: str
    couple: bool
    minutes: int
    safety_planning: bool = False


@dataclass(frozen=True)
class Strategy:
    id: str
    code: str
    name: str
    summary: str
    explanation: str
    activities: tuple[str, ...]
    when_unsafe: tuple[str, ...]


@dataclass(frozen=True)
class Sign:
    id: str
    code: str
    name: str
    summary: str
    explanation: str
    strength: str
    causes: tuple[str, ...]
    strategies: tuple[str, ...]


@dataclass(frozen=True)
class Cause:
    id: str
    code: str
    name: str
    summary: str
    explanation: str
    strength: str
    strategies: tuple[str, ...]
    solo_activities: tuple[str, ...] = ()
    safety_screen: bool = False


@dataclass(frozen=True)
class Wellbeing:
    id: str
    name: str
    summary: str
    explanation: str
    crisis: bool = False


@dataclass(frozen=True)
class ConceptModel:
    version: int
    signs: dict[str, Sign]
    causes: dict[str, Cause]
    wellbeing: dict[str, Wellbeing]
    strategies: dict[str, Strategy]
    activities: dict[str, Activity]

    def name_of(self, construct_id: str) -> str:
        for group in (self.signs, self.causes, self.wellbeing):
            if construct_id in group:
                return group[construct_id].name
        raise KeyError(construct_id)

    def signs_fed_by(self, cause_id: str) -> tuple[str, ...]:
        return tuple(s.id for s in self.signs.values() if cause_id in s.causes)


def _tuples(entry: dict, *keys: str) -> dict:
    return {k: (tuple(v) if k in keys else v) for k, v in entry.items()}


def _index(path: Path, entries: list[dict], field: str, expected: tuple[str, ...]) -> None:
    ids = [e["id"] for e in entries]
    if tuple(ids) != expected:
        raise ContentError(path, field, f"ids must be exactly {list(expected)} in order, got {ids}")


def _check_links(path: Path, model: ConceptModel) -> None:
    for sign in model.signs.values():
        for cause in sign.causes:
            if cause not in model.causes:
                raise ContentError(path, f"signs.{sign.id}.causes", f"unknown cause {cause!r}")
        for strategy in sign.strategies:
            if strategy not in model.strategies:
                raise ContentError(
                    path, f"signs.{sign.id}.strategies", f"unknown strategy {strategy!r}"
                )
    for cause in model.causes.values():
        for strategy in cause.strategies:
            if strategy not in model.strategies:
                raise ContentError(
                    path, f"causes.{cause.id}.strategies", f"unknown strategy {strategy!r}"
                )
        for activity in cause.solo_activities:
            if activity not in model.activities:
                raise ContentError(
                    path, f"causes.{cause.id}.solo_activities", f"unknown activity {activity!r}"
                )
            if model.activities[activity].couple:
                raise ContentError(
                    path, f"causes.{cause.id}.solo_activities", f"{activity!r} is a couple activity"
                )
    for strategy in model.strategies.values():
        for activity in strategy.activities + strategy.when_unsafe:
            if activity not in model.activities:
                raise ContentError(
                    path, f"strategies.{strategy.id}", f"unknown activity {activity!r}"
                )
        for activity in strategy.when_unsafe:
            if model.activities[activity].couple:
                raise ContentError(
                    path,
                    f"strategies.{strategy.id}.when_unsafe",
                    f"{activity!r} is a couple activity",
                )
    if not any(a.safety_planning for a in model.activities.values()):
        raise ContentError(path, "activities", "no activity is marked safety_planning")


def load_concepts(path: Path | None = None) -> ConceptModel:
    path = path or CONTENT_DIR / "concepts.yaml"
    data = load(path, "concepts")
    _index(path, data["signs"], "signs", SIGN_IDS)
    _index(path, data["causes"], "causes", CAUSE_IDS)
    _index(path, data["wellbeing"], "wellbeing", WELLBEING_IDS)
    _index(path, data["strategies"], "strategies", STRATEGY_IDS)
    activity_ids = [a["id"] for a in data["activities"]]
    if len(set(activity_ids)) != len(activity_ids):
        raise ContentError(path, "activities", "activity ids repeat")
    model = ConceptModel(
        version=data["version"],
        signs={e["id"]: Sign(**_tuples(e, "causes", "strategies")) for e in data["signs"]},
        causes={
            e["id"]: Cause(**_tuples(e, "strategies", "solo_activities")) for e in data["causes"]
        },
        wellbeing={e["id"]: Wellbeing(**e) for e in data["wellbeing"]},
        strategies={
            e["id"]: Strategy(**_tuples(e, "activities", "when_unsafe")) for e in data["strategies"]
        },
        activities={e["id"]: Activity(**e) for e in data["activities"]},
    )
    _check_links(path, model)
    return model


@cache
def concepts() -> ConceptModel:
    """The shipped concept model, loaded and checked once per process."""
    return load_concepts()
