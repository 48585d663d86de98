"""Reading content files (YAML) and validating them against their JSON Schemas."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SHIPPED_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
# An operator may point Attune at a copy of the content folder with instruments of their own.
CONTENT_DIR = Path(os.environ.get("ATTUNE_CONTENT_DIR") or SHIPPED_CONTENT_DIR)
SCHEMA_DIR = SHIPPED_CONTENT_DIR / "schema"


class ContentError(ValueError):
    """A content file is missing, malformed or breaks its schema; names the file and field."""

    def __init__(self, path: Path | str, field: str, message: str) -> None:
        self.path = str(path)
        self.field = field
        self.message = message
        super().__init__(f"{self.path}: {field}: {message}")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that keeps dates as the strings they were written as."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(path, "(file)", f"cannot read: {exc.strerror}") from exc
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise ContentError(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc


@cache
def _validator(schema_name: str) -> Any:
    # jsonschema is imported here, not at module level, so a command that only
    # reads already-validated content does not pay for the import twice.
    import jsonschema

    schema = json.loads((SCHEMA_DIR / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _field_path(error: Any) -> str:
    parts = []
    for part in error.absolute_path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".") or "(top level)"


def validate(data: Any, schema_name: str, path: Path | str) -> None:
    """Raise ContentError for the first schema violation (the most specific one)."""
    errors = sorted(_validator(schema_name).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        raise ContentError(path, _field_path(error), error.message)


def load(path: Path, schema_name: str) -> Any:
    data = read_yaml(path)
    validate(data, schema_name, path)
    return data
