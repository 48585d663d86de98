"""Sign and cause suggestions: which prototype sentences a person's own words sound closest to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from attune.core.content import ContentError, read_yaml
from attune.core.screen import model
from attune.core.screen.encoder import SAFETY_DIR
from attune.core.screen.text import prepare

# A sign or cause is suggested only when the words are at least this close to one of its
# prototype sentences (cosine similarity); below it we say nothing rather than guess.
SUGGEST_FLOOR = 0.35
SUGGESTIONS = 2


@dataclass(frozen=True)
class Suggestion:
    id: str
    score: float


@dataclass(frozen=True)
class Prototypes:
    kind: str  # "sign" or "cause"
    ids: tuple[str, ...]  # one per row of vectors
    vectors: np.ndarray


def load_prototypes(path: Path | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """The prototype sentences: {"sign": ((id, sentence), ...), "cause": (...)}."""
    from attune.core.concepts import CAUSE_IDS, SAFETY_CAUSE, SIGN_IDS

    path = path or SAFETY_DIR / "sign_prototypes.yaml"
    data = read_yaml(path)
    known = {"sign": set(SIGN_IDS), "cause": set(CAUSE_IDS) - {SAFETY_CAUSE}}
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind, field in (("sign", "signs"), ("cause", "causes")):
        entries = (data or {}).get(field)
        if not isinstance(entries, dict):
            raise ContentError(path, field, "expected a mapping of id to sentences")
        rows = []
        for concept, sentences in entries.items():
            if concept not in known[kind]:
                raise ContentError(path, f"{field}.{concept}", f"not a {kind} we suggest")
            if not isinstance(sentences, list) or len(sentences) < 3:
                raise ContentError(path, f"{field}.{concept}", "expected at least 3 sentences")
            rows.extend((concept, str(sentence)) for sentence in sentences)
        missing = known[kind] - set(entries)
        if missing:
            raise ContentError(path, field, f"missing {', '.join(sorted(missing))}")
        found[kind] = tuple(rows)
    return found


@cache
def _prototype_vectors(kind: str) -> Prototypes | None:
    shipped = model.shipped_model()
    if shipped is None:
        return None
    rows = load_prototypes()[kind]
    vectors = shipped.encoder.embed([prepare(sentence).whole for _, sentence in rows])
    return Prototypes(kind, tuple(concept for concept, _ in rows), vectors)


def suggest(text: str, kind: str = "sign", limit: int = SUGGESTIONS) -> list[Suggestion]:
    """The signs (or causes) a text sounds closest to, best first; empty when unsure or degraded.

    A score is the best cosine similarity between any sentence of the text (or the whole) and any
    prototype sentence of that sign. Suggestions are for the person to confirm, never a verdict.
    """
    shipped = model.shipped_model()
    prototypes = _prototype_vectors(kind)
    passage = prepare(text)
    if shipped is None or prototypes is None or not passage.sentences:
        return []
    vectors = shipped.encoder.embed(list(dict.fromkeys([*passage.sentences, passage.whole])))
    similarity = (vectors @ prototypes.vectors.T).max(axis=0)
    best: dict[str, float] = {}
    for concept, score in zip(prototypes.ids, similarity, strict=True):
        best[concept] = max(best.get(concept, -1.0), float(score))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return [Suggestion(c, round(s, 3)) for c, s in ranked[:limit] if s >= SUGGEST_FLOOR]
