"""Screening a text: every layer reads every sentence and the whole text; the highest tier wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from attune.core.screen.phrases import PhraseLayer, phrases
from attune.core.screen.text import prepare
from attune.core.screen.tiers import NOTHING, Layer, TextScreen

if TYPE_CHECKING:
    from attune.core.screen.model import Suggestion


@cache
def default_layers() -> tuple[Layer, ...]:
    """The layers screen_text runs when given none: the phrases, then the model when it loads."""
    from attune.core.screen.model import ModelLayer, shipped_model

    model = shipped_model()
    if model is None:
        return (PhraseLayer(phrases()),)
    return (PhraseLayer(phrases(), defer=True), ModelLayer(model))


def model_status() -> str:
    """Say "ok" when the model layer screens beside the phrases, "degraded" when they are alone.

    A health check must not load a 200 MB model into every web process it touches: before this
    process has screened anything, the answer comes from whether the model's files are in place
    and whole (attune.core.screen.files), so a corrupt file is reported at once.
    """
    if default_layers.cache_info().currsize == 0:
        from attune.core.screen.files import problem

        return "degraded" if problem() else "ok"
    return "ok" if any(layer.name != "phrase" for layer in default_layers()) else "degraded"


def screen_text(text: str, layers: Sequence[Layer] | None = None) -> TextScreen:
    """Screen every sentence and the whole text with every layer; the highest tier wins.

    On a tie the earlier layer and the earlier sentence decide, so the result can be explained.
    """
    passage = prepare(text)
    if not passage.sentences:
        return NOTHING
    hits = [hit for layer in layers or default_layers() for hit in layer.hits(passage)]
    if not hits:
        return NOTHING
    best = max(hits, key=lambda hit: hit.tier)  # max keeps the first of equals
    return TextScreen(
        tier=best.tier,
        crisis=any(hit.kind == "crisis" for hit in hits),
        abuse=any(hit.kind == "abuse" for hit in hits),
        layer=best.layer,
        matched=best.matched,
        sentence=best.sentence,
    )


# ---- reading one text, for the command line and the web ----


@dataclass(frozen=True)
class Reading:
    """A text's screen, and sign suggestions only when no safety tier fired."""

    screen: TextScreen
    signs: tuple[Suggestion, ...]
    nearest: str  # what decided the tier: a phrase's pattern id, or the model's label

    def as_dict(self) -> dict[str, Any]:
        return {
            "tier": self.screen.tier,
            "crisis": self.screen.crisis,
            "abuse": self.screen.abuse,
            "signs": [{"id": s.id, "score": s.score} for s in self.signs],
            "layer": self.screen.layer,
            "nearest": self.nearest,
        }


def read_text(text: str) -> Reading:
    """Screen a text with the default layers; suggest signs only if the screen found nothing."""
    from attune.core.screen import model

    screened = screen_text(text)
    if screened.tier:
        # No sign suggestion for a text that reached a safety tier.
        return Reading(screened, (), screened.matched)
    shipped = model.shipped_model()
    return Reading(screened, tuple(shipped.signs(text)) if shipped else (), "")
