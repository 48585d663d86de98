"""The newsletter's tips and conversation prompts, read from content data (no Django here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attune.core.content import CONTENT_DIR, ContentError, load


@dataclass(frozen=True)
class Tip:
    id: str
    text: str


@dataclass(frozen=True)
class Tips:
    version: int
    tips: tuple[Tip, ...]
    prompts: tuple[Tip, ...]


def _entries(path: Path, data: dict, field: str) -> tuple[Tip, ...]:
    entries = tuple(Tip(id=e["id"], text=" ".join(e["text"].split())) for e in data[field])
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise ContentError(path, field, "ids repeat")
    return entries


def load_tips(path: Path | None = None) -> Tips:
    path = path or CONTENT_DIR / "newsletter_tips.yaml"
    data = load(path, "newsletter_tips")
    return Tips(
        version=data["version"],
        tips=_entries(path, data, "tips"),
        prompts=_entries(path, data, "prompts"),
    )


@cache
def tips() -> Tips:
    """The shipped tips, loaded and checked once per process."""
    return load_tips()
