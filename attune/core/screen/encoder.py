"""The fine-tuned encoder as it runs: one int8 ONNX file, read by onnxruntime and tokenizers."""

from __future__ import annotations

import os
from collections.abc import Sequence
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
BATCH = 32


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


def windows(tokenizer: Any, texts: Sequence[str]) -> list[tuple[int, str, list[int]]]:
    """Each text's word pieces, in windows of at most WINDOW pieces: (text index, span, ids)."""
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    found = []
    for index, encoding in enumerate(tokenizer.encode_batch(list(texts))):
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

    def answer(self, pieces: Sequence[list[int]]) -> dict[str, np.ndarray]:
        """Each head's probabilities, one row per window of word pieces."""
        found = {name: np.zeros((len(pieces), 0), np.float32) for name in self.outputs}
        rows: dict[str, list[tuple[list[int], np.ndarray]]] = {n: [] for n in self.outputs}
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
            outputs = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            for name, values in zip(self.outputs, outputs, strict=True):
                rows[name].append((batch, values))
        for name, parts in rows.items():
            width = parts[0][1].shape[1] if parts else 0
            table = np.zeros((len(pieces), width), np.float32)
            for batch, values in parts:
                table[batch] = values
            found[name] = table
        return found
