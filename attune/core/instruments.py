"""Instruments: versioned sets of items, read from content files, and checks on answers to them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from attune.core.concepts import CONSTRUCT_IDS, CRISIS, SAFETY_CAUSE
from attune.core.content import CONTENT_DIR, ContentError, load

INSTRUMENT_DIR = CONTENT_DIR / "instruments"
# Items on these constructs are sensitive: they must say why they are asked and be skippable.
SENSITIVE_CONSTRUCTS = frozenset({"affection", SAFETY_CAUSE, CRISIS})


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    construct: str
    text: str
    options: tuple[Option, ...]
    higher_is_healthier: bool
    optional: bool = False
    why: str = ""
    flag_at: int | None = None

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    @property
    def lowest(self) -> int:
        return min(self.values)

    @property
    def highest(self) -> int:
        return max(self.values)

    def label_for(self, value: int) -> str:
        return next(o.label for o in self.options if o.value == value)

    def health(self, value: int) -> float:
        """Where an answer sits from 0 (least healthy option) to 1 (most healthy option)."""
        position = (value - self.lowest) / (self.highest - self.lowest)
        return position if self.higher_is_healthier else 1.0 - position

    def flags(self, value: int) -> bool:
        """Whether this answer turns on the item's safety screen."""
        if self.flag_at is None:
            return False
        return value <= self.flag_at if self.higher_is_healthier else value >= self.flag_at


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    items: tuple[Item, ...]
    private: bool = False


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    title: str
    description: str
    time_frame: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...] = field(init=False, repr=False, compare=False)
    _by_id: dict[str, Item] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        items = tuple(item for section in self.sections for item in section.items)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "_by_id", {item.id: item for item in items})

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def items_for(self, construct: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.construct == construct)

    @property
    def constructs(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for item in self.items:
            seen.setdefault(item.construct)
        return tuple(seen)


class AnswerError(ValueError):
    """An answer that does not fit the instrument; names the item and what is allowed."""

    def __init__(self, item_id: str, message: str, allowed: tuple[Any, ...] = ()) -> None:
        self.item_id = item_id
        self.message = message
        self.allowed = allowed
        super().__init__(f"{item_id}: {message}")


def check_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, int]:
    """Return the answers as item id -> int, or raise AnswerError. None means skipped."""
    checked: dict[str, int] = {}
    for item_id, value in answers.items():
        if not instrument.has_item(item_id):
            raise AnswerError(str(item_id), f"there is no item {item_id!r} in {instrument.id}")
        if value is None:
            continue
        item = instrument.item(item_id)
        if isinstance(value, bool) or not isinstance(value, int) or value not in item.values:
            allowed = ", ".join(str(v) for v in item.values)
            raise AnswerError(
                item_id, f"{value!r} is not one of the allowed values {allowed}", item.values
            )
        checked[item_id] = value
    return checked


def _build(path: Path, data: dict) -> Instrument:
    option_sets = {
        name: tuple(Option(**o) for o in options) for name, options in data["option_sets"].items()
    }
    for name, options in option_sets.items():
        values = [o.value for o in options]
        if len(set(values)) != len(values):
            raise ContentError(path, f"option_sets.{name}", "values repeat")
    seen: set[str] = set()
    sections = []
    for s_index, section in enumerate(data["sections"]):
        items = []
        for i_index, raw in enumerate(section["items"]):
            where = f"sections[{s_index}].items[{i_index}]"
            if raw["id"] in seen:
                raise ContentError(path, f"{where}.id", f"item id {raw['id']!r} repeats")
            seen.add(raw["id"])
            if raw["construct"] not in CONSTRUCT_IDS:
                raise ContentError(
                    path, f"{where}.construct", f"unknown construct {raw['construct']!r}"
                )
            if raw["options"] not in option_sets:
                raise ContentError(
                    path, f"{where}.options", f"unknown option set {raw['options']!r}"
                )
            item = Item(**{**raw, "options": option_sets[raw["options"]]})
            if item.construct in SENSITIVE_CONSTRUCTS and not (item.optional and item.why):
                raise ContentError(path, where, "a sensitive item must be optional and say why")
            if item.flag_at is not None and item.flag_at not in item.values:
                raise ContentError(path, f"{where}.flag_at", "is not one of the item's values")
            items.append(item)
        sections.append(
            Section(
                id=section["id"],
                title=section["title"],
                intro=section.get("intro", ""),
                items=tuple(items),
                private=section.get("private", False),
            )
        )
    return Instrument(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        description=data["description"],
        time_frame=data.get("time_frame", ""),
        sections=tuple(sections),
    )


def load_instrument(path: Path) -> Instrument:
    return _build(path, load(path, "instrument"))


class UnknownInstrument(LookupError):
    def __init__(self, instrument_id: str, known: tuple[str, ...]) -> None:
        self.instrument_id = instrument_id
        self.known = known
        super().__init__(
            f"there is no instrument {instrument_id!r}; known: {', '.join(known) or 'none'}"
        )


@cache
def _registry() -> dict[tuple[str, int], Instrument]:
    found: dict[tuple[str, int], Instrument] = {}
    for path in sorted(INSTRUMENT_DIR.glob("*.yaml")):
        instrument = load_instrument(path)
        key = (instrument.id, instrument.version)
        if key in found:
            raise ContentError(
                path, "version", f"{instrument.id} version {instrument.version} repeats"
            )
        found[key] = instrument
    return found


def instruments() -> list[Instrument]:
    """The latest version of each shipped instrument, by id."""
    latest: dict[str, Instrument] = {}
    registry = _registry()
    for key in sorted(registry):
        latest[key[0]] = registry[key]
    return list(latest.values())


def get_instrument(instrument_id: str, version: int | None = None) -> Instrument:
    registry = _registry()
    if version is not None and (instrument_id, version) in registry:
        return registry[(instrument_id, version)]
    matches = [i for (iid, _), i in sorted(registry.items()) if iid == instrument_id]
    if not matches or version is not None:
        raise UnknownInstrument(instrument_id, tuple(sorted({iid for iid, _ in registry})))
    return matches[-1]
