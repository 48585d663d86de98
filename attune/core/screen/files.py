"""A quick look at the safety model's files without loading the model: whether each is whole.

The health check asks this before a process has screened anything, so that a corrupt file is
reported at once rather than found by the first person whose words are screened.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from attune.core.screen.encoder import MODEL_FILE, SETTINGS_FILE, TOKENIZER_FILE, model_dir
from attune.core.screen.heads import HEADS, KINDS

log = logging.getLogger("attune.safety_model")
ONNX_GRAPH = 7  # ModelProto.graph


def problem() -> str:
    """Why the model's files cannot make a model ("" when they look whole). Each file is read
    once per process while it stays the same; a problem is logged the first time it is seen."""
    directory = model_dir()
    for runtime in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(runtime) is None:
            return _logged(f"the package {runtime} is not installed")
    checks = (
        (directory / TOKENIZER_FILE, _tokenizer),
        (directory / SETTINGS_FILE, _settings),
        (directory / MODEL_FILE, _onnx),
    )
    for path, check in checks:
        try:
            stat = path.stat()
        except OSError:
            return _logged(f"missing file {path}")
        found = _checked(check, str(path), stat.st_size, stat.st_mtime_ns)
        if found:
            return _logged(f"{path}: {found}")
    return ""


@cache
def _logged(reason: str) -> str:
    log.error("the safety model cannot load, so the phrases screen alone: %s", reason)
    return reason


@cache
def _checked(check, path: str, size: int, mtime_ns: int) -> str:
    try:
        return check(Path(path))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        return f"cannot be read ({exc})"


def _tokenizer(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    return "" if isinstance(data, dict) and "model" in data else "not a tokenizer"


def _settings(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return "not a settings object"
    if data.get("heads") != {name: list(labels) for name, labels in HEADS.items()}:
        return "its heads are not the labels this version reads"
    thresholds = data["thresholds"]
    if not all({"check_in", "help_first"} <= set(thresholds[kind]) for kind in KINDS):
        return "no thresholds"
    return ""


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _fields(data: bytes) -> Iterator[tuple[int, int]]:
    """(field number, where it ends) of each top-level field of a protocol buffer."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, at = _varint(data, at)
        elif wire == 2:
            size, at = _varint(data, at)
            at += size
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
        else:
            raise ValueError(f"wire type {wire}")
        yield number, at


def _onnx(path: Path) -> str:
    """Walk the top level of the protocol buffer: every field must end inside the file."""
    data = path.read_bytes()
    graph = False
    for number, end in _fields(data):
        if end > len(data):
            return "cut short"
        graph = graph or number == ONNX_GRAPH
    return "" if graph else "no graph in it"
