"""The model layer: the fine-tuned encoder reads each sentence and the whole text, per label."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from attune.core.screen.encoder import (
    MODEL_FILE,
    SETTINGS_FILE,
    TOKENIZER_FILE,
    Encoder,
    ModelUnavailable,
    model_dir,
)
from attune.core.screen.heads import HEADS, KINDS, Thresholds, tier_probabilities
from attune.core.screen.text import Passage, prepare
from attune.core.screen.tiers import Hit, Tier

# A fragment of fewer words ("payday") is read only inside the whole text, never on its own.
MIN_WORDS = 3
SUGGESTIONS = 2


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


def read_settings(path: Path) -> Settings:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a settings object")
    if data.get("heads") != {name: list(labels) for name, labels in HEADS.items()}:
        raise ValueError("the model's heads are not the labels this version reads")
    return Settings(
        thresholds={
            kind: Thresholds(
                float(data["thresholds"][kind]["check_in"]),
                float(data["thresholds"][kind]["help_first"]),
            )
            for kind in KINDS
        },
        sign_floor=float(data["sign_floor"]),
        sentences=bool(data["sentences"]),
    )


class SafetyModel:
    """The encoder with its heads, and the thresholds that turn its answers into tiers."""

    def __init__(self, encoder: Encoder, settings: Settings) -> None:
        self.encoder = encoder
        self.settings = settings

    def units(self, passage: Passage) -> list[tuple[str, list[int]]]:
        """What is read: the whole text, and (when the settings say so) each sentence of at
        least MIN_WORDS words; a long unit in windows."""
        sentences = [s for s in passage.sentences if len(s.split()) >= MIN_WORDS]
        texts = [passage.whole]
        if self.settings.sentences:
            texts = list(dict.fromkeys([*sentences, passage.whole]))
        return [(text, ids) for _, text, ids in self.encoder.windows(texts)]

    def read(self, passage: Passage) -> tuple[list[str], dict[str, np.ndarray]]:
        """Each unit's text, and each head's probabilities, one row per unit."""
        units = self.units(passage)
        return [text for text, _ in units], self.encoder.answer([ids for _, ids in units])

    def tiers(self, answers: dict[str, np.ndarray], kind: str) -> list[Tier]:
        threshold = self.settings.thresholds[kind]
        return [threshold.tier(row, kind) for row in answers[kind]]

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
        texts, answers = self.model.read(passage)
        for kind in KINDS:
            tiers = self.model.tiers(answers, kind)
            risk = [tier_probabilities(row, kind)[1] for row in answers[kind]]
            best = max(range(len(texts)), key=lambda i: (tiers[i], risk[i]))
            if tiers[best]:
                # The likeliest label with a tier: the tier may come from several together.
                row = answers[kind][best]
                label = HEADS[kind][1 + int(np.argmax(row[1:]))]
                yield Hit(tiers[best], kind, f"{kind}:{label}", texts[best], self.name)


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
        **extra,
    }
