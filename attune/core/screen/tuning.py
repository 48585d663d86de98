"""Choosing the model's thresholds on the tuning set: recall first, then the fewest false alarms.

Never on the test set. Numpy only, so it is tested without the train extra.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from attune.core.content import ContentError
from attune.core.safetysets import SETS_DIR, LabelledText, load_sets
from attune.core.screen.encoder import SETTINGS_FILE
from attune.core.screen.evaluation import ACTIVE, IDEATION
from attune.core.screen.heads import KINDS, Thresholds, tier_probabilities
from attune.core.screen.model import SafetyModel, Settings, as_json, load_model
from attune.core.screen.phrases import PhraseLayer, phrases
from attune.core.screen.screening import screen_text
from attune.core.screen.text import prepare
from attune.core.screen.tiers import Tier

# On the tuning set, a little above the targets (97%, 94%, 95%), for the unseen texts
# ("issue", the shipped model's). "strict" is further above them: thresholds that just reach the
# goals on the tuning set sit too high for new authors' words, and a retrained model tuned to
# "issue" lost crisis texts there that the shipped model caught (docs/safety-model.md,
# "Candidates of 2026-12-08").
GOALS = {
    "issue": {"crisis_any": 0.98, "crisis_first": 0.95, "abuse_any": 0.96},
    "strict": {"crisis_any": 0.99, "crisis_first": 0.97, "abuse_any": 0.98},
}
GRID = tuple(round(float(x), 2) for x in np.arange(0.05, 0.96, 0.05))
# A help-first alarm on a hard negative, and any tier on an everyday line, cost more than a
# check-in on a hard negative.
COST = {"hard_any": 1.0, "hard_first": 3.0, "everyday_any": 3.0}
# A sign is offered at this probability or more: the lowest floor at which at most this share of
# the tuning set's texts with no sign (and no tier) are offered one. A sign offered is a question
# the person answers ("Is that right?"), so a wrong one costs little; a missing one is the miss
# the hidden set counted. On the tuning set 0.15 gave top-2 89%, 0.25 gave 93%.
SIGNLESS_OFFERED = 0.25


@dataclass(frozen=True)
class Scored:
    """A tuning text as the layers read it: the phrases' answer, and per kind the model's best
    P(help-first label) and P(any label with a tier) over the units it read."""

    text: LabelledText
    phrase_tier: int
    phrase_kinds: frozenset[str]
    first: dict[str, float]
    any_tier: dict[str, float]


def score_texts(model: SafetyModel, texts: Sequence[LabelledText]) -> list[Scored]:
    layer = PhraseLayer(phrases(), defer=True)  # as default_layers reads beside the model
    found = []
    for text in texts:
        screened = screen_text(text.text, [layer])
        kinds = frozenset(k for k in KINDS if getattr(screened, k))
        _, answers = model.read(prepare(text.text))
        pairs = {k: [tier_probabilities(row, k) for row in answers[k]] for k in KINDS}
        found.append(
            Scored(
                text,
                int(screened.tier),
                kinds,
                {k: max(p[0] for p in pairs[k]) for k in KINDS},
                {k: max(p[1] for p in pairs[k]) for k in KINDS},
            )
        )
    return found


class Table:
    """The scored texts as arrays, to try many thresholds quickly."""

    def __init__(self, scored: Sequence[Scored]) -> None:
        texts = [s.text for s in scored]
        self.phrase = np.array([s.phrase_tier for s in scored])
        self.phrase_kind = {k: np.array([k in s.phrase_kinds for s in scored]) for k in KINDS}
        self.first = {k: np.array([s.first[k] for s in scored]) for k in KINDS}
        self.any = {k: np.array([s.any_tier[k] for s in scored]) for k in KINDS}
        self.ideation = np.array([t.crisis in IDEATION for t in texts])
        self.active = np.array([t.crisis in ACTIVE for t in texts])
        self.disclosure = np.array([t.abuse == "disclosure" for t in texts])
        self.everyday = np.array([t.everyday for t in texts])
        self.hard = np.array([t.tier == Tier.NONE and not t.everyday for t in texts])

    def tiers(self, thresholds: dict[str, Thresholds]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Each text's tier, and per kind its tier of that kind (phrases and model together)."""
        of_kind = {}
        for k in KINDS:
            t = thresholds[k]
            model = np.where(
                self.first[k] >= t.help_first, 2, np.where(self.any[k] >= t.check_in, 1, 0)
            )
            of_kind[k] = np.maximum(model, np.where(self.phrase_kind[k], self.phrase, 0))
        return np.maximum.reduce([self.phrase, *of_kind.values()]), of_kind

    def measure(self, thresholds: dict[str, Thresholds]) -> dict[str, float]:
        tier, of_kind = self.tiers(thresholds)

        def share(hit: np.ndarray, group: np.ndarray) -> float:
            return float(hit[group].mean()) if group.any() else 1.0

        return {
            "crisis_any": share(of_kind["crisis"] >= 1, self.ideation),
            "crisis_first": share(of_kind["crisis"] >= 2, self.active),
            "abuse_any": share(of_kind["abuse"] >= 1, self.disclosure),
            "hard_any": float((tier[self.hard] >= 1).sum()),
            "hard_first": float((tier[self.hard] >= 2).sum()),
            "everyday_any": float((tier[self.everyday] >= 1).sum()),
        }


def _cost(figures: dict[str, float], recall: dict[str, float]) -> tuple[float, float]:
    shortfall = sum(max(0.0, goal - figures[name]) for name, goal in recall.items())
    return shortfall, sum(weight * figures[name] for name, weight in COST.items())


def choose_thresholds(
    scored: Sequence[Scored], recall: dict[str, float] = GOALS["issue"]
) -> dict[str, Thresholds]:
    """Per kind, the thresholds that reach the recall goals (the "issue" ones unless given) with
    the least cost in false alarms; when no pair reaches them, the pair that falls least short.
    Coordinate descent over a grid, one kind at a time, the other held."""
    table = Table(scored)
    chosen = {k: Thresholds(0.5, 0.5) for k in KINDS}
    for _ in range(3):
        for kind in KINDS:
            best = None
            for check_in in GRID:
                for help_first in GRID:
                    if help_first < check_in:
                        continue
                    trial = {**chosen, kind: Thresholds(check_in, help_first)}
                    # Ties go to the higher thresholds (the later in the grid): fewer alarms.
                    key = (*_cost(table.measure(trial), recall), -check_in, -help_first)
                    if best is None or key <= best[0]:
                        best = (key, trial[kind])
            assert best is not None
            chosen[kind] = best[1]
    return chosen


def choose_sign_floor(probabilities: Sequence[np.ndarray], signless: Sequence[bool]) -> float:
    """The lowest floor at which at most SIGNLESS_OFFERED of the texts with no sign are offered
    one; probabilities are the sign head's answers (label order), signless says which had none."""
    top = np.array(
        [float(p[1:].max()) for p, none in zip(probabilities, signless, strict=True) if none]
    )
    if not len(top):
        return 0.5
    floor = float(np.quantile(top, 1 - SIGNLESS_OFFERED))
    return round(min(0.5, max(0.02, floor)), 3)


def sets_digest(root: Path, name: str) -> str:
    """sha256 of a set's files, so a model names the data it learned or was tuned on."""
    digest = hashlib.sha256()
    for path in sorted((root / name).glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def retune(folder: Path, root: Path | None = None, goals: str = "issue") -> dict[str, Any]:
    """Set a trained model's thresholds and sign floor again on the tuning set, in place (no
    training, no train extra), to the named recall goals (GOALS): the model is scored exactly as
    it is served."""
    if goals not in GOALS:
        raise ValueError(f"no recall goals named {goals!r}")
    root = root or SETS_DIR
    tune = load_sets(root).get("tune")
    if not tune:
        raise ContentError(root / "tune", "examples", "no tuning set to set thresholds on")
    path = folder / SETTINGS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    model = load_model(folder)
    thresholds = choose_thresholds(score_texts(model, tune), GOALS[goals])
    signless = [t.tier == Tier.NONE and t.sign == "none" for t in tune]
    floor = choose_sign_floor([whole_sign(model, t.text) for t in tune], signless)
    settings = Settings(thresholds, floor, model.settings.sentences)
    report = {"texts": len(tune), "goals": goals, "sets_sha256": sets_digest(root, "tune")}
    keep = {k: v for k, v in data.items() if k in ("training",)}
    path.write_text(
        json.dumps(as_json(settings, {**keep, "tuning": report}), indent=1) + "\n",
        encoding="utf-8",
    )
    return report


def whole_sign(model: SafetyModel, text: str) -> np.ndarray:
    """The sign head's answer for a whole text (the mean over its windows), as signs() reads it."""
    pieces = [ids for _, _, ids in model.encoder.windows([prepare(text).whole])]
    return model.encoder.answer(pieces)["sign"].mean(axis=0)
