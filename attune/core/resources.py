"""Crisis and abuse help lines by country, with an international fallback."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attune.core.content import CONTENT_DIR, load


@dataclass(frozen=True)
class Line:
    name: str
    kind: str
    how: str
    hours: str
    last_checked: str
    phone: str = ""
    sms: str = ""
    url: str = ""


@dataclass(frozen=True)
class Directory:
    version: int
    countries: dict[str, tuple[str, tuple[Line, ...]]]
    fallback: tuple[Line, ...]

    def country_name(self, code: str) -> str | None:
        entry = self.countries.get(code.upper())
        return entry[0] if entry else None

    def lines_for(self, country: str | None, kinds: tuple[str, ...] | None = None) -> list[Line]:
        """The lines of a country, else the international fallback; emergency lines first."""
        entry = self.countries.get((country or "").upper())
        lines = entry[1] if entry else self.fallback
        chosen = [line for line in lines if kinds is None or line.kind in kinds]
        order = {"emergency": 0, "crisis": 1, "abuse": 2}
        return sorted(chosen, key=lambda line: order[line.kind])


def _line(raw: dict) -> Line:
    return Line(**{**raw, "last_checked": str(raw["last_checked"])})


def load_directory(path: Path | None = None) -> Directory:
    path = path or CONTENT_DIR / "crisis_lines.yaml"
    data = load(path, "crisis_lines")
    return Directory(
        version=data["version"],
        countries={
            c["code"]: (c["name"], tuple(_line(raw) for raw in c["lines"]))
            for c in data["countries"]
        },
        fallback=tuple(_line(raw) for raw in data["fallback"]),
    )


@cache
def directory() -> Directory:
    return load_directory()
