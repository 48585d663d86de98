"""A quick look at the safety model's files without loading the model: whether each is whole.

The health check asks this before a process has screened anything, so that a corrupt file is
reported at once rather than found by the first person whose words are screened.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import logging
import math
from functools import cache
from pathlib import Path

from attune.core.screen.encoder import ModelUnavailable, model_dir, onnx_path
from attune.core.screen.int8 import _fields

log = logging.getLogger("attune.safety_model")
NPY_MAGIC = b"\x93NUMPY"
ONNX_GRAPH = 7  # ModelProto.graph


def problem() -> str:
    """Why the model's files cannot make a model ("" when they look whole). Each file is read
    once per process while it stays the same; a problem is logged the first time it is seen."""
    directory = model_dir()
    try:
        onnx = onnx_path()
    except ModelUnavailable as exc:
        return _logged(str(exc))
    for runtime in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(runtime) is None:
            return _logged(f"the package {runtime} is not installed")
    checks = (
        (directory / "tokenizer.json", _tokenizer),
        (directory / "classifier.json", _classifier),
        (directory / "bank.npy", _bank),
        (onnx, _onnx),
    )
    for path, check in checks:
        try:
            stat = path.stat()
        except OSError:
            return _logged(f"missing file {path}")
        found = _checked(check, str(path), stat.st_size, stat.st_mtime_ns)
        if found:
            return _logged(f"{path}: {found}")
    rows = _bank_rows(str(directory / "bank.npy"))
    if rows is not None and rows != _bank_size(str(directory / "classifier.json")):
        return _logged(f"{directory}: the bank vectors do not match the bank")
    return ""


@cache
def _logged(reason: str) -> str:
    log.error("the safety model cannot load, so the phrases screen alone: %s", reason)
    return reason


@cache
def _checked(check, path: str, size: int, mtime_ns: int) -> str:
    try:
        return check(Path(path))
    except (OSError, ValueError, KeyError, TypeError, IndexError, SyntaxError) as exc:
        return f"cannot be read ({exc})"


def _tokenizer(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    return "" if isinstance(data, dict) and "model" in data else "not a tokenizer"


def _classifier(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    heads = data["classifiers"]
    if not heads or not all({"weights", "bias"} <= set(head) for head in heads.values()):
        return "no classifier weights"
    return "" if data["bank"] and data["centre"] else "no bank"


@cache
def _bank_size(path: str) -> int:
    return len(json.loads(Path(path).read_text(encoding="utf-8"))["bank"])


def _npy_header(path: Path) -> tuple[int, tuple[int, ...], int]:
    """(where the data starts, shape, bytes per item) of an .npy file, read from its header."""
    with path.open("rb") as handle:
        start = handle.read(10)
        if start[:6] != NPY_MAGIC:
            raise ValueError("not an .npy file")
        length_bytes = 2 if start[6] == 1 else 4
        length = int.from_bytes(
            (start[8:] + handle.read(length_bytes - 2))[:length_bytes], "little"
        )
        header = ast.literal_eval(handle.read(length).decode("latin-1"))
    itemsize = int(str(header["descr"]).lstrip("<>|=")[1:])
    return 8 + length_bytes + length, tuple(header["shape"]), itemsize


def _bank(path: Path) -> str:
    offset, shape, itemsize = _npy_header(path)
    if len(shape) != 2:
        return "not a table of vectors"
    expected = offset + math.prod(shape) * itemsize
    return "" if path.stat().st_size == expected else "cut short or padded"


def _bank_rows(path: str) -> int | None:
    try:
        return _npy_header(Path(path))[1][0]
    except (OSError, ValueError, KeyError, IndexError, SyntaxError):
        return None


def _onnx(path: Path) -> str:
    """Walk the top level of the protocol buffer: every field must end inside the file."""
    data = path.read_bytes()
    end, graph = 0, False
    for number, _, value in _fields(data, 0, len(data)):
        if isinstance(value, tuple):
            end = value[1]
            if end > len(data):
                return "cut short"
        graph = graph or number == ONNX_GRAPH
    return "" if graph else "no graph in it"
