"""The model layer: the fine-tuned encoder reads the whole text, per label.

A text of one window (at most 128 word pieces, every text of the tuning set) is read exactly as
it was chosen on the tuning set: the whole, and each sentence too only when the settings say so.
A longer text is read in windows of 128, and the model pools the mean over each: one risky
sentence among 2,000 everyday words weighs a tenth of its window and can vanish. So a long text
is also read in spans: runs of whole sentences of at most 48 pieces, half overlapping, where one
sentence weighs a third or more. The riskiest window or span decides, a span at its own higher
thresholds, since dozens of spans give a long everyday diary dozens of chances to alarm
(SPAN_THRESHOLDS; the long-text check in attune.core.screen.evaluation; docs/safety-model.md,
"Long texts").
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from attune.core.screen.encoder import (
    MODEL_FILE,
    SETTINGS_FILE,
    SHORT_STRIDE,
    SHORT_WINDOW,
    TOKENIZER_FILE,
    WINDOW,
    Encoder,
    ModelUnavailable,
    Pieces,
    Unit,
    model_dir,
)
from attune.core.screen.heads import HEADS, KINDS, Thresholds, tier_probabilities
from attune.core.screen.text import Passage, prepare
from attune.core.screen.tiers import Hit, Tier

# A fragment of fewer words ("payday") is read only inside the whole text, never on its own.
MIN_WORDS = 3
SUGGESTIONS = 2
# How a text longer than one window is read (a shorter one is always read as a whole):
# "windows": its windows of 128 only, as before; "spans": its windows and its spans (runs of
# whole sentences, at most 48 pieces), the riskiest deciding; "gated": the same, but a span alone
# may raise the tier only to a check-in, help first needing a window over it that gives the kind
# a tier too; "short": windows of 64, stride 32, in place of those of 128.
LONG_READINGS = ("windows", "spans", "gated", "short")
LONG_READING = "spans"
# A long text is read in dozens of spans where a short one is one reading, and the riskiest
# decides: at the thresholds set for one reading, a 2,500-word diary of lines that are each
# silent alone alarmed on one span or another most of the time. So a span gives a tier only at
# its own, higher thresholds, set on the long-text check built from the tuning set: the most
# buried risky texts caught while the long entries around hard negatives alarm at most 5 points
# more often than with windows alone, at most 1 point more often at help first, and filler
# alone never at help first (docs/safety-model.md, "Long texts"). These are the shipped model's;
# a model's screen.json may carry its own ("span_thresholds"). Above 1: never from a span.
SPAN_THRESHOLDS = {"crisis": Thresholds(0.80, 0.98), "abuse": Thresholds(0.90, 0.98)}
# A long text's spans are read only under a window that leaves some doubt: P(any label with a
# tier) of either kind at least LOOK_CLOSER. Every span is its own run of the network, so a
# 200-piece diary entry took 81 ms with all its spans against 23 ms with windows alone; most
# windows of everyday words answer far under this, and a window diluting a risky sentence
# answers above it (set on the long-text check like the span thresholds). 0: every span.
LOOK_CLOSER = 0.01


@dataclass(frozen=True)
class Suggestion:
    id: str
    score: float


@dataclass(frozen=True)
class Settings:
    """What training chose on the tuning set, stored beside the model (screen.json)."""

    thresholds: dict[str, Thresholds]
    sign_floor: float  # a sign is offered only at this probability or more
    sentences: bool  # read each sentence on its own as well as the whole text
    long: str = LONG_READING  # how a text of more than one window is read (LONG_READINGS)
    span_thresholds: dict[str, Thresholds] = field(default_factory=lambda: dict(SPAN_THRESHOLDS))
    look_closer: float = LOOK_CLOSER  # a long text's spans are read under windows this doubtful


def read_settings(path: Path) -> Settings:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a settings object")
    if data.get("heads") != {name: list(labels) for name, labels in HEADS.items()}:
        raise ValueError("the model's heads are not the labels this version reads")
    return Settings(
        thresholds=_thresholds(data["thresholds"]),
        sign_floor=float(data["sign_floor"]),
        sentences=bool(data["sentences"]),
        long=long_reading(data.get("long", LONG_READING)),
        span_thresholds=_thresholds(data["span_thresholds"])
        if "span_thresholds" in data
        else dict(SPAN_THRESHOLDS),
        look_closer=float(data.get("look_closer", LOOK_CLOSER)),
    )


def _thresholds(data: dict[str, Any]) -> dict[str, Thresholds]:
    return {
        kind: Thresholds(float(data[kind]["check_in"]), float(data[kind]["help_first"]))
        for kind in KINDS
    }


def long_reading(name: object) -> str:
    if name not in LONG_READINGS:
        raise ValueError(f"no long-text reading {name!r} (one of {', '.join(LONG_READINGS)})")
    return str(name)


class SafetyModel:
    """The encoder with its heads, and the thresholds that turn its answers into tiers."""

    def __init__(self, encoder: Encoder, settings: Settings) -> None:
        self.encoder = encoder
        self.settings = settings

    def units(self, passage: Passage) -> list[Unit]:
        """What is read: the whole text, and (when the settings say so) each sentence of at
        least MIN_WORDS words; a text longer than one window as its long reading says."""
        whole = self.encoder.pieces([passage.whole])[0]
        units = self.long_units(passage, whole) if len(whole.ids) > WINDOW - 2 else []
        units = units or whole.windows()
        if self.settings.sentences:
            sentences = [s for s in passage.sentences if len(s.split()) >= MIN_WORDS]
            alone = [s for s in dict.fromkeys(sentences) if s != passage.whole]
            cuts = self.encoder.pieces(alone)
            units = [replace(u, whole=False) for cut in cuts for u in cut.windows()] + units
        return units

    def long_units(self, passage: Passage, whole: Pieces) -> list[Unit]:
        reading = self.settings.long
        if reading == "short":
            return whole.windows(SHORT_WINDOW, SHORT_STRIDE)
        if reading in ("spans", "gated"):
            spans = [u for u in whole.spans(passage.starts) if len(u.text.split()) >= MIN_WORDS]
            return whole.windows() + spans
        return []

    def read(self, passage: Passage) -> tuple[list[Unit], dict[str, np.ndarray]]:
        """Each unit read, and each head's probabilities, one row per unit. A long text's spans
        are read after its windows, and only under a window that leaves doubt (LOOK_CLOSER)."""
        units = self.units(passage)
        first = [u for u in units if not u.span]
        answers = self.encoder.answer([u.ids for u in first])
        if len(first) == len(units):
            return units, answers
        floor = self.settings.look_closer
        doubt = [
            (u.start, u.end)
            for i, u in enumerate(first)
            if u.whole and any(tier_probabilities(answers[k][i], k)[1] >= floor for k in KINDS)
        ]
        near = [u for u in units if u.span and any(a < u.end and u.start < b for a, b in doubt)]
        if not near:
            return first, answers
        more = self.encoder.answer([u.ids for u in near])
        return first + near, {h: np.concatenate([answers[h], more[h]]) for h in answers}

    def tiers(self, units: list[Unit], answers: dict[str, np.ndarray], kind: str) -> list[Tier]:
        """Each unit's tier of the kind, a span's at the span thresholds; in the "gated" reading
        a span gives help first only where a window over it gives the kind a tier too, else at
        most a check-in."""
        threshold = self.settings.thresholds[kind]
        span = self.settings.span_thresholds[kind]
        tiers = [
            (span if unit.span else threshold).tier(row, kind)
            for unit, row in zip(units, answers[kind], strict=True)
        ]
        if self.settings.long != "gated":
            return tiers
        windows = [
            (u.start, u.end, t) for u, t in zip(units, tiers, strict=True) if u.whole and not u.span
        ]
        return [
            min(t, Tier.CHECK_IN)
            if u.span
            and t == Tier.RESOURCES
            and not any(a < u.end and u.start < b and w for a, b, w in windows)
            else t
            for u, t in zip(units, tiers, strict=True)
        ]

    def signs(self, text: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        """The signs the whole text mainly speaks of, best first; none under the floor."""
        passage = prepare(text)
        if not passage.sentences:
            return []
        windows = self.encoder.windows([passage.whole])
        mean = self.encoder.answer([ids for _, _, ids in windows])["sign"].mean(axis=0)
        ranked = sorted(
            ((label, float(p)) for label, p in zip(HEADS["sign"], mean, strict=True)),
            key=lambda item: (-item[1], item[0]),
        )
        return [
            Suggestion(label, round(p, 3))
            for label, p in ranked
            if label != "none" and p >= self.settings.sign_floor
        ][:limit]

    def probabilities(self, text: str) -> dict[str, dict[str, float]]:
        """The whole text's answer, label by label (for a reviewer and the command line)."""
        passage = prepare(text)
        if not passage.sentences:
            return {}
        windows = self.encoder.windows([passage.whole])
        answers = self.encoder.answer([ids for _, _, ids in windows])
        return {
            head: dict(zip(labels, (round(float(p), 4) for p in answers[head].max(0)), strict=True))
            for head, labels in HEADS.items()
        }


class ModelLayer:
    """Layer two: every unit of the text answered by the model; the highest tier wins per kind.

    A hit names the label the model gave ("crisis:plan") and the unit it read.
    """

    name = "model"

    def __init__(self, model: SafetyModel) -> None:
        self.model = model

    def hits(self, passage: Passage) -> Iterator[Hit]:
        units, answers = self.model.read(passage)
        for kind in KINDS:
            tiers = self.model.tiers(units, answers, kind)
            risk = [tier_probabilities(row, kind)[1] for row in answers[kind]]
            best = max(range(len(units)), key=lambda i: (tiers[i], risk[i]))
            if tiers[best]:
                # The likeliest label with a tier: the tier may come from several together.
                row = answers[kind][best]
                label = HEADS[kind][1 + int(np.argmax(row[1:]))]
                yield Hit(tiers[best], kind, f"{kind}:{label}", units[best].text, self.name)


# ---- loading the shipped model ----


def load_model(directory: Path | None = None) -> SafetyModel:
    """Load the model, its settings and the tokenizer; raises ModelUnavailable when amiss."""
    directory = directory or model_dir()
    settings_path = directory / SETTINGS_FILE
    if not settings_path.is_file() or not (directory / MODEL_FILE).is_file():
        raise ModelUnavailable(f"no trained model in {directory} (run: attune safety train)")
    try:
        settings = read_settings(settings_path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(f"the settings in {directory} cannot be read: {exc}") from exc
    return SafetyModel(Encoder(directory / MODEL_FILE, directory / TOKENIZER_FILE), settings)


@cache
def shipped_model() -> SafetyModel | None:
    """The model every screen uses, loaded once per process; None when it cannot load."""
    try:
        return load_model()
    except ModelUnavailable as exc:
        # Said once per process, where an operator looks: the screen goes on with the phrases.
        logging.getLogger("attune.safety_model").error(
            "the safety model cannot load, so the phrases screen alone: %s", exc
        )
        return None


def why_unavailable() -> str:
    """Why the shipped model cannot load, or "" when it loads."""
    try:
        load_model()
    except ModelUnavailable as exc:
        return str(exc)
    return ""


def as_json(settings: Settings, extra: dict[str, Any]) -> dict[str, Any]:
    """The settings file's content, with what training wants to record beside them."""
    return {
        "version": 2,
        "heads": {name: list(labels) for name, labels in HEADS.items()},
        "thresholds": {
            kind: {"check_in": t.check_in, "help_first": t.help_first}
            for kind, t in settings.thresholds.items()
        },
        "sign_floor": settings.sign_floor,
        "sentences": settings.sentences,
        "long": settings.long,
        "look_closer": settings.look_closer,
        "span_thresholds": {
            kind: {"check_in": t.check_in, "help_first": t.help_first}
            for kind, t in settings.span_thresholds.items()
        },
        **extra,
    }
