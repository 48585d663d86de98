"""The fine-tuned encoder as it runs: one int8 ONNX file, read by onnxruntime and tokenizers.

What it reads is cut here: a text of more than one window in overlapping windows of WINDOW word
pieces, and (for the long-text readings of attune.core.screen.model) spans of a sentence and its
neighbours of at most SPAN pieces, or shorter windows. The model pools the mean over what it
reads, so one sentence among 128 pieces of everyday words weighs little; in a span of at most 48
it weighs at least a third.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from attune.core.content import CONTENT_DIR

SAFETY_DIR = CONTENT_DIR / "safety"
MODEL_FILE = "screen.onnx"
SETTINGS_FILE = "screen.json"
TOKENIZER_FILE = "tokenizer.json"
# all-MiniLM-L6-v2 was trained on at most 128 word pieces, and so is ours; a longer unit is read
# in overlapping windows of that size, so nothing is cut however long the entry is.
WINDOW = 128
STRIDE = 64
# A long text's spans: runs of whole sentences of at most SPAN pieces with [CLS] and [SEP], half
# overlapping; a longer sentence alone in windows of SPAN. The shorter windows of "short".
SPAN = 48
SHORT_WINDOW = 64
SHORT_STRIDE = 32
# Each unit is read alone, in a run of its own, as every tuning text was. The int8 model
# quantises each matrix's input with one scale for the whole run, so a unit read beside others
# (padded or not) answered differently: by up to 0.26 for a window of a long text. Read alone, a
# window's answer never depends on the rest of the entry.


class ModelUnavailable(RuntimeError):
    """The model file, the tokenizer or the settings cannot be loaded."""


def model_dir() -> Path:
    """Where the model, its settings and the tokenizer live; an operator may point elsewhere."""
    return Path(os.environ.get("ATTUNE_SAFETY_MODEL_DIR") or SAFETY_DIR / "model")


def load_tokenizer(path: Path) -> Any:
    """The WordPiece tokenizer, reading every piece: windows() cuts, never the tokenizer."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def _cuts(length: int, window: int, stride: int) -> list[tuple[int, int]]:
    """Where windows of `window` pieces (with [CLS] and [SEP]) cut `length` pieces: (start, end)."""
    inner = window - 2
    found = []
    for start in range(0, max(1, length - inner + stride), stride) if length else [0]:
        if start and start >= length:
            break
        found.append((start, min(length, start + inner)))
        if start + inner >= length:
            break
    return found


@dataclass(frozen=True)
class Unit:
    """One thing the model reads: its text, its word pieces with [CLS] and [SEP], where it lies
    among its text's pieces (start, end), whether it is a span of sentences, and whether that
    text is the whole (not a sentence read on its own)."""

    text: str
    ids: list[int]
    start: int
    end: int
    span: bool = False
    whole: bool = True


@dataclass(frozen=True)
class Pieces:
    """A text's word pieces without [CLS] and [SEP], with each piece's characters."""

    text: str
    ids: list[int]
    offsets: list[tuple[int, int]]
    cls: int
    sep: int

    def unit(self, start: int, end: int, span: bool = False) -> Unit:
        where = self.offsets[start:end]
        text = self.text[where[0][0] : where[-1][1]] if where else self.text
        return Unit(text, [self.cls, *self.ids[start:end], self.sep], start, end, span)

    def windows(self, window: int = WINDOW, stride: int = STRIDE) -> list[Unit]:
        return [self.unit(a, b) for a, b in _cuts(len(self.ids), window, stride)]

    def spans(self, starts: Sequence[int], size: int = SPAN) -> list[Unit]:
        """Runs of whole sentences (beginning at these characters) of at most `size` pieces, each
        run starting at the first sentence of the second half of the one before, so that every
        sentence is read with its neighbours and every two neighbours share a run; a sentence
        longer than `size` alone in windows of `size`, half overlapping."""
        inner = size - 2
        sentence = [bisect_right(starts, a) - 1 for a, _ in self.offsets]
        bounds: dict[int, list[int]] = {}
        for piece, index in enumerate(sentence):
            bounds.setdefault(index, [piece, piece + 1])[1] = piece + 1
        runs = [bounds[i] for i in sorted(bounds)]
        cuts: list[tuple[int, int]] = []
        at = 0
        while at < len(runs):
            first, last = runs[at]
            if last - first > inner:
                cuts += [(first + a, first + b) for a, b in _cuts(last - first, size, inner // 2)]
                at += 1
                continue
            end = at + 1
            while end < len(runs) and runs[end][1] - first <= inner:
                end += 1
            cuts.append((first, runs[end - 1][1]))
            if end == len(runs):
                break
            middle = first + (runs[end - 1][1] - first) // 2
            at = max(at + 1, next(i for i in range(at, end) if runs[i][1] > middle))
        return [self.unit(a, b, span=True) for a, b in dict.fromkeys(cuts)]


def pieces(tokenizer: Any, texts: Sequence[str]) -> list[Pieces]:
    """Each text's word pieces, read in full (the tokenizer never cuts)."""
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    return [
        Pieces(text, e.ids[1:-1], e.offsets[1:-1], cls, sep)
        for text, e in zip(texts, tokenizer.encode_batch(list(texts)), strict=True)
    ]


def windows(tokenizer: Any, texts: Sequence[str]) -> list[tuple[int, str, list[int]]]:
    """Each text's word pieces, in windows of at most WINDOW pieces: (text index, span, ids)."""
    return [
        (index, unit.text, unit.ids)
        for index, cut in enumerate(pieces(tokenizer, texts))
        for unit in cut.windows()
    ]


class Encoder:
    """The fine-tuned MiniLM with its heads: word pieces in, one probability per label out."""

    def __init__(self, onnx_path: Path, tokenizer_path: Path) -> None:
        try:
            import onnxruntime
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
            self.tokenizer = load_tokenizer(tokenizer_path)
        except ImportError as exc:
            raise ModelUnavailable(f"a runtime package is missing: {exc.name}") from exc
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise ModelUnavailable(f"cannot load the model: {exc}") from exc
        self.outputs = [o.name for o in self.session.get_outputs()]

    def windows(self, texts: Sequence[str]) -> list[tuple[int, str, list[int]]]:
        return windows(self.tokenizer, texts)

    def pieces(self, texts: Sequence[str]) -> list[Pieces]:
        return pieces(self.tokenizer, texts)

    def answer(self, pieces: Sequence[list[int]]) -> dict[str, np.ndarray]:
        """Each head's probabilities, one row per unit of word pieces, each read alone."""
        if not pieces:
            return {name: np.zeros((0, 0), np.float32) for name in self.outputs}
        rows: dict[str, list[np.ndarray]] = {name: [] for name in self.outputs}
        for ids in pieces:
            feed = np.array([ids], dtype=np.int64)
            outputs = self.session.run(
                None, {"input_ids": feed, "attention_mask": np.ones_like(feed)}
            )
            for name, values in zip(self.outputs, outputs, strict=True):
                rows[name].append(values[0])
        return {
            name: np.array(values, np.float32).reshape(len(pieces), -1)
            for name, values in rows.items()
        }
