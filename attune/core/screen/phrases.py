"""The phrase layer: patterns read with negation, a resolved past and whose words they are."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attune.core.content import CONTENT_DIR, ContentError, load
from attune.core.screen.text import Passage, normalise
from attune.core.screen.tiers import Hit, Tier

# How far back from a hit a negation can reach ("I would never in my life hurt myself"), and how
# far back we look for whose words these are ("my sister told me on the phone she wants to die").
NEGATION_WINDOW = 6
PERSON_WINDOW = 8
GAP = r"(?:\w+ ){0,3}"


_CLAUSE_BREAK = re.compile(
    r"[,;:]|\b(?:but|and|or|because|cause|cos|cuz|though|although|however|yet|whereas|while"
    r"|until|unless|except)\b"
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_WORD_START = re.compile(r"\b\w")


@dataclass(frozen=True)
class Phrase:
    id: str
    kind: str
    category: str
    tier: int
    regex: re.Pattern[str]


@dataclass(frozen=True)
class PhraseBook:
    version: int
    phrases: tuple[Phrase, ...]
    exclusions: re.Pattern[str] | None
    anything: re.Pattern[str]  # every phrase pattern in one, to rule a text out quickly
    negations: re.Pattern[str]
    past: re.Pattern[str]
    reported: re.Pattern[str] | None  # a question asked, a form, a song: not the writer's words
    subjects: frozenset[str]
    first_person: frozenset[str]
    third_person: frozenset[str]
    partner_words: frozenset[str]

    def count(self, kind: str) -> int:
        return sum(1 for phrase in self.phrases if phrase.kind == kind)


class PhraseLayer:
    """Layer one: phrase patterns, read with negation, a resolved past and whose words they are.

    A hit that is negated, long past or about someone else is a check-in at most; beside the
    model (`defer=True`) it is no hit at all, and the model, which reads such context, decides.
    """

    name = "phrase"

    def __init__(self, book: PhraseBook, defer: bool = False) -> None:
        self.book = book
        self.defer = defer

    def hits(self, passage: Passage) -> Iterator[Hit]:
        for sentence in passage.sentences:
            yield from self._hits_in(sentence, lambda start, end, s=sentence: s)
        yield from self._hits_in(passage.whole, passage.sentence_at)

    def _hits_in(self, unit: str, sentence_of: Callable[[int, int], str]) -> Iterator[Hit]:
        book = self.book
        if book.exclusions is not None:
            # Same-length filler keeps offsets; the comma ends the clause the idiom was in.
            unit = book.exclusions.sub(lambda m: "," + " " * (len(m.group()) - 1), unit)
        # One pass of every pattern at once finds where anything can match, so a long entry with
        # nothing in it costs one scan, not one per pattern. A pattern may also match from
        # inside a candidate that hid it, so each word start in a candidate is tried.
        for candidate in book.anything.finditer(unit):
            for word in _WORD_START.finditer(unit, candidate.start(), candidate.end()):
                for phrase in book.phrases:
                    match = phrase.regex.match(unit, word.start())
                    if match:
                        capped = self._capped(unit, match, phrase.kind)
                        if capped and self.defer:
                            continue
                        tier = min(phrase.tier, Tier.CHECK_IN) if capped else phrase.tier
                        sentence = sentence_of(*match.span())
                        yield Hit(tier, phrase.kind, phrase.id, sentence, self.name)

    def _capped(self, unit: str, match: re.Match[str], kind: str) -> bool:
        """A hit that is negated, long past, or about someone else is a check-in at most."""
        book = self.book
        gaps = " ".join(v for k, v in match.groupdict().items() if k.startswith("gap") and v)
        if gaps and (book.negations.search(gaps) or book.past.search(gaps)):
            return True
        clause = _CLAUSE_BREAK.split(unit[max(0, match.start() - 240) : match.start()])[-1]
        if book.past.search(clause) or (book.reported and book.reported.search(clause)):
            return True
        words = clause.split()
        return self._negated(words[-NEGATION_WINDOW:]) or self._someone_else(
            words[-PERSON_WINDOW:], match.group(), kind
        )

    def _negated(self, words: list[str]) -> bool:
        text = " ".join(words)
        cues = list(self.book.negations.finditer(text))
        if not cues:
            return False
        # "I don't know why I want to die": a new subject ends the nearest negation's reach.
        return not any(word in self.book.subjects for word in text[cues[-1].end() :].split())

    def _someone_else(self, words: list[str], matched: str, kind: str) -> bool:
        book = self.book
        if any(word in book.first_person for word in matched.split()):
            return False
        for word in reversed(words):
            # "He threatened to hurt the kids": in an abuse hit the partner is the writer's story.
            if word in book.first_person or (kind == "abuse" and word in book.partner_words):
                return False
            if word in book.third_person:
                return True
        return False


# ---- loading ----


def _expand(pattern: str, words: dict[str, str], path: Path, field: str, depth: int = 0) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "gap":
            return match.group(0)
        if name not in words:
            raise ContentError(path, field, f"unknown word {{{name}}}")
        if depth > 4:
            raise ContentError(path, field, f"words nest too deeply at {{{name}}}")
        return _expand(words[name], words, path, field, depth + 1)

    return _PLACEHOLDER.sub(one, pattern)


# Normalised text holds only lower-case words, single spaces and the , ; : that end a clause.
# So a pattern in lower case matches case-insensitively, and a literal space means "the next
# word"; these could step over a clause end, and the clause is what the negation rule reads.
_UNSAFE = re.compile(r"\\[sWD]|\[\^|\.")


def _name_gaps(pattern: str) -> str:
    # Named, so the screen can read a gap's words for a negation or a resolved past.
    numbers = itertools.count(1)
    return re.sub(r"\{gap\}", lambda _m: f"(?P<gap{next(numbers)}>{GAP})", pattern)


def _compile(pattern: str, path: Path, field: str) -> re.Pattern[str]:
    bare = re.sub(r"\\.|[(][?]P<", "", pattern)
    if any(c.isupper() for c in bare):
        raise ContentError(path, field, "write patterns in lower case (text is lower-cased)")
    if _UNSAFE.search(pattern):
        raise ContentError(path, field, "use literal spaces, not \\s, \\W, \\D, [^...] or .")
    try:
        regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")
    except re.error as exc:
        raise ContentError(path, field, f"not a valid regular expression: {exc}") from exc
    if regex.match(""):
        raise ContentError(path, field, "the pattern matches empty text")
    return regex


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    # One shared lookbehind in front of the alternation scans about three times faster than
    # one per alternative, and finds the same matches.
    return re.compile(r"(?<!\w)(?:" + "|".join(rf"(?:{p})(?!\w)" for p in patterns) + ")")


def _check_examples(regex: re.Pattern[str], entry: dict, path: Path, field: str) -> None:
    for index, example in enumerate(entry["examples"]):
        if not regex.search(normalise(example)):
            raise ContentError(
                path, f"{field}.examples[{index}]", f"the pattern does not match {example!r}"
            )


def _cues(raw: list[str], path: Path, field: str) -> re.Pattern[str]:
    cues = sorted({normalise(cue) for cue in raw} - {""}, key=len, reverse=True)
    if not cues:
        raise ContentError(path, field, "no cue is left after normalising")
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cues)) + r")(?!\w)")


def _word_set(raw: list[str]) -> frozenset[str]:
    return frozenset(normalise(word) for word in raw) - {""}


def load_phrases(path: Path | None = None) -> PhraseBook:
    path = path or CONTENT_DIR / "safety_phrases.yaml"
    data = load(path, "safety_phrases")
    words = data["words"]
    seen: set[str] = set()

    def unique(entry_id: str, field: str) -> None:
        if entry_id in seen:
            raise ContentError(path, field, f"duplicate id {entry_id!r}")
        seen.add(entry_id)

    exclusions = []
    for index, entry in enumerate(data["exclusions"]):
        field = f"exclusions[{index}]"
        unique(entry["id"], f"{field}.id")
        pattern = _expand(entry["pattern"], words, path, f"{field}.pattern")
        # Exclusions share one regex, so their gaps cannot be named groups.
        pattern = pattern.replace("{gap}", GAP)
        _check_examples(_compile(pattern, path, f"{field}.pattern"), entry, path, field)
        exclusions.append(pattern)

    phrases, alternatives = [], []
    for index, entry in enumerate(data["phrases"]):
        field = f"phrases[{index}]"
        unique(entry["id"], f"{field}.id")
        pattern = _name_gaps(_expand(entry["pattern"], words, path, f"{field}.pattern"))
        regex = _compile(pattern, path, f"{field}.pattern")
        _check_examples(regex, entry, path, field)
        phrases.append(Phrase(entry["id"], entry["class"], entry["category"], entry["tier"], regex))
        alternatives.append(re.sub(r"[(][?]P<gap[0-9]+>", "(?:", pattern))

    return PhraseBook(
        version=data["version"],
        phrases=tuple(phrases),
        exclusions=_any_of(exclusions) if exclusions else None,
        anything=_any_of(alternatives),
        negations=_cues(data["negations"], path, "negations"),
        past=_cues(data["past"], path, "past"),
        reported=_cues(data["reported"], path, "reported") if data.get("reported") else None,
        subjects=_word_set(data["subjects"]),
        first_person=_word_set(data["first_person"]),
        third_person=_word_set(data["third_person"]),
        partner_words=_word_set(data["partner_words"]),
    )


@cache
def phrases() -> PhraseBook:
    return load_phrases()
