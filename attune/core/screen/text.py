"""Free text made ready for the screen: normalised, and split into sentences."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    """A text made ready for the layers: its normalised sentences, and all of them as one line.

    The whole line lets a statement broken over two lines or sentences still be seen.
    """

    sentences: tuple[str, ...]
    whole: str
    starts: tuple[int, ...]  # where each sentence begins in `whole`

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence (or run of sentences) of `whole` that holds start..end."""
        first = last = 0
        for index, begin in enumerate(self.starts):
            if begin <= start:
                first = index
            if begin < end:
                last = index
        return " ".join(self.sentences[first : last + 1])


_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)  # fmt: skip
# Invisible characters can split a word without showing: "ki\u200bll myself" must still match.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_NOISE = re.compile(r"[^\w\s,;:.!?]|_")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s*[\n\r\v\f\x85\u2028\u2029]\s*")
_STOPS = re.compile(r"[.!?]+")
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    if not text.isascii():
        # Combining marks (strike-through, "zalgo") would otherwise break words apart.
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _INVISIBLE.sub("", text).lower()
    text = _APOSTROPHE.sub("", text)
    text = _REPEATS.sub(r"\1", text)
    return _NOISE.sub(" ", text)


def prepare(text: str) -> Passage:
    """Normalise a text and split it into sentences; nothing is cut, however long it is."""
    sentences = []
    for raw in _SENTENCE_BREAK.split(_clean(text)):
        flat = _SPACES.sub(" ", _STOPS.sub(" ", raw)).strip()
        if flat and any(c.isalnum() for c in flat):
            sentences.append(flat)
    starts, offset = [], 0
    for sentence in sentences:
        starts.append(offset)
        offset += len(sentence) + 1
    return Passage(tuple(sentences), " ".join(sentences), tuple(starts))


def normalise(text: str) -> str:
    """The one-line normalised form the phrase patterns are written against."""
    return prepare(text).whole
