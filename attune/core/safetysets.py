"""The labelled sets of the free-text screen: training, tuning and the frozen test set.

Each text carries three independent labels (docs/safety-labels.md): a crisis rung, an abuse level
with its kind, and a sign. The tier a text ought to get follows from its labels alone, so the
sets say what the screen must answer without naming any model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from attune.core.content import CONTENT_DIR, ContentError, load

SETS_DIR = CONTENT_DIR / "safety" / "sets"
# Written in this order, each by its own author; the test set last (docs/safety-labels.md). A
# test set read to choose between models becomes a tuning set, and a new one is written.
SET_NAMES = ("train", "tune", "test")
# A frozen test set written ahead and read for no model yet: the next choice between models moves
# the test set into tuning and this one into test. Never loaded with the others, never trained or
# tuned on; `attune check` validates it and refuses a text it shares with another set.
SEALED = "sealed"
CRISIS_RUNGS = ("none", "distress", "passive", "active", "plan")
ABUSE_LEVELS = ("none", "worry", "disclosure")
ABUSE_KINDS = (
    "physical", "threats", "sexual", "financial", "monitoring", "isolation", "intimidation",
    "children", "immigration", "pets",
)  # fmt: skip
SIGNS = ("none", "lonely", "misunderstood", "imbalance", "affection", "support")
# The tier each label asks for: 0 nothing, 1 a gentle private check-in, 2 help first.
CRISIS_TIER = {"none": 0, "distress": 1, "passive": 1, "active": 2, "plan": 2}
ABUSE_TIER = {"none": 0, "worry": 1, "disclosure": 2}


@dataclass(frozen=True)
class LabelledText:
    """Who may see this: authors and reviewers of the sets; the texts are written, not collected."""

    text: str
    crisis: str
    abuse: str
    kind: str  # the abuse kind, "" when abuse is none
    sign: str
    tags: tuple[str, ...]
    source: str  # "file.yaml#7", for a reviewer

    @property
    def tier(self) -> int:
        """The tier the screen ought to give this text."""
        return max(CRISIS_TIER[self.crisis], ABUSE_TIER[self.abuse])

    @property
    def everyday(self) -> bool:
        return "everyday" in self.tags


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def load_set_file(path: Path) -> tuple[LabelledText, ...]:
    data = load(path, "safety_set")
    return tuple(
        LabelledText(
            text=entry["text"],
            crisis=entry["crisis"],
            abuse=entry["abuse"],
            kind=entry.get("kind", ""),
            sign=entry["sign"],
            tags=tuple(entry.get("tags", ())),
            source=f"{path.name}#{index + 1}",
        )
        for index, entry in enumerate(data["examples"])
    )


def load_sets(
    root: Path | None = None, names: tuple[str, ...] = SET_NAMES
) -> Mapping[str, tuple[LabelledText, ...]]:
    """Every set of those named found under root (a folder per set, any number of YAML files in
    each).

    Refuses a text written twice, within a set or across two: a text in both the training and
    the test set would make the test figures a measure of memory.
    """
    root = root or SETS_DIR
    sets: dict[str, tuple[LabelledText, ...]] = {}
    seen: dict[str, str] = {}
    for name in names:
        texts: list[LabelledText] = []
        for path in sorted((root / name).glob("*.yaml")):
            for labelled in load_set_file(path):
                key = _key(labelled.text)
                where = f"{name}/{labelled.source}"
                if key in seen:
                    raise ContentError(path, labelled.source, f"the same text as {seen[key]}")
                seen[key] = where
                texts.append(labelled)
        if texts:
            sets[name] = tuple(texts)
    return sets


def load_sealed(root: Path | None = None) -> tuple[LabelledText, ...]:
    """The sealed test set, loaded with every other set so that a text written twice is refused."""
    return load_sets(root, (*SET_NAMES, SEALED)).get(SEALED, ())
