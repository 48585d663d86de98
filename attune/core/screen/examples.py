"""Labelled examples in the older one-label format: the bank, the tuning set and the test set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from attune.core.content import CONTENT_DIR, ContentError, read_yaml
from attune.core.screen.text import prepare

KINDS = ("crisis", "abuse")
LABELS = (*KINDS, "none")
# The categories of everyday text among the negatives; every other negative is a hard one.
ORDINARY = frozenset({"everyday", "ordinary"})


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
