"""A person's own words at the start of the check-up: screened first, then offered back as signs.

Only the person ever sees any of this. The suggestions are questions to confirm or dismiss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from attune.core.concepts import SIGN_IDS, concepts
from attune.core.content import ContentError, read_yaml
from attune.core.instruments import Instrument
from attune.core.screen.tiers import NOTHING, TextScreen

if TYPE_CHECKING:
    from attune.checkups.models import Checkup

QUESTIONS_PATH = Path(__file__).with_name("own_words.yaml")


@dataclass(frozen=True)
class OwnWords:
    """What the screen made of a text, and the signs to offer (none when a safety tier fired)."""

    screen: TextScreen
    signs: tuple[tuple[str, float], ...]  # (sign id, score), best first


def read_text(text: str):
    """The layered screen's reading (attune.core.screen.screening.read_text), imported on first use:
    numpy and the model then load only in a process that reads someone's words."""
    from attune.core.screen.screening import read_text as reading_of

    return reading_of(text)


def read(text: str) -> OwnWords:
    """Screen the text with every layer there is; suggest signs only when the screen is silent.

    Without the model (degraded), the phrases still screen and no sign is suggested.
    """
    if not text.strip():
        return OwnWords(NOTHING, ())
    reading = read_text(text)
    if reading.screen.tier:
        return OwnWords(reading.screen, ())
    return OwnWords(reading.screen, tuple((s.id, s.score) for s in reading.signs))


@cache
def questions(path: Path = QUESTIONS_PATH) -> dict[str, str]:
    """Sign id -> the question that offers it back ("It sounds like ..."), one for every sign."""
    data = read_yaml(path)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ContentError(path, "version", "expected version: 1")
    found = data.get("questions")
    if not isinstance(found, dict) or set(found) != set(SIGN_IDS):
        raise ContentError(path, "questions", f"expected one question for each of {SIGN_IDS}")
    return {sign: str(found[sign]) for sign in SIGN_IDS}


def sections_for(instrument: Instrument, signs: list[str]) -> set[int]:
    """The section numbers (from 1) whose questions are about any of these signs."""
    wanted = set(signs)
    return {
        number
        for number, section in enumerate(instrument.sections, 1)
        if any(item.construct in wanted for item in section.items)
    }


def exported(checkup: Checkup, decrypt: Callable[[bytes | memoryview | None], str]) -> dict:
    """The person's own words and what became of them, for their own export only."""
    names = concepts().signs
    return {
        "text": decrypt(checkup.own_words),
        "signs_offered": [
            {
                "id": s["id"],
                "name": names[s["id"]].name if s["id"] in names else s["id"],
                "score": s["score"],
                "confirmed": s.get("confirmed"),
            }
            for s in checkup.own_words_signs
        ],
    }
