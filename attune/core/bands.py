"""Bands: plain-word names for ranges of the one 0..100 score scale."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attune.core.content import CONTENT_DIR, ContentError, load


@dataclass(frozen=True)
class Band:
    id: str
    min: int
    max: int
    name: str
    words: str


@dataclass(frozen=True)
class BandScale:
    version: int
    bands: tuple[Band, ...]
    strength_at: int
    concern_below: int

    def band_for(self, score: int) -> Band:
        for band in self.bands:
            if band.min <= score <= band.max:
                return band
        raise ValueError(f"score {score} is outside 0..100")


def load_bands(path: Path | None = None) -> BandScale:
    path = path or CONTENT_DIR / "bands.yaml"
    data = load(path, "bands")
    bands = tuple(Band(**b) for b in data["bands"])
    expected_min = 0
    for index, band in enumerate(bands):
        if band.min != expected_min or band.max < band.min:
            raise ContentError(path, f"bands[{index}]", "bands must cover 0..100 in order, no gaps")
        expected_min = band.max + 1
    if expected_min != 101:
        raise ContentError(path, "bands", "the last band must end at 100")
    return BandScale(
        version=data["version"],
        bands=bands,
        strength_at=data.get("strength_at", 70),
        concern_below=data.get("concern_below", 50),
    )


@cache
def bands() -> BandScale:
    return load_bands()
