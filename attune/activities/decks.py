"""Walking through a deck one prompt at a time: where a run has got to, and the next prompt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from attune.core import catalogue


@dataclass(frozen=True)
class DeckWalk:
    """The prompts one step goes through: a whole deck, or one of its sets."""

    deck: Any
    sets: tuple[Any, ...]

    @property
    def key(self) -> str:
        # Where this walk has got to is kept under this key in Run.deck_position.
        if len(self.sets) == len(self.deck.sets):
            return self.deck.id
        return f"{self.deck.id}/{self.sets[0].id}"

    def position(self, positions: dict) -> tuple[int, int]:
        at = positions.get(self.key, [0, 0])
        set_index, prompt_index = int(at[0]), int(at[1])
        if set_index >= len(self.sets) or set_index < 0:
            return len(self.sets), 0
        return set_index, max(0, min(prompt_index, len(self.sets[set_index].prompts) - 1))

    def advanced(self, positions: dict) -> dict:
        set_index, prompt_index = self.position(positions)
        if set_index < len(self.sets):
            prompt_index += 1
            if prompt_index >= len(self.sets[set_index].prompts):
                set_index, prompt_index = set_index + 1, 0
        return {**positions, self.key: [set_index, prompt_index]}

    def restarted(self, positions: dict) -> dict:
        return {**positions, self.key: [0, 0]}

    def favourite_key(self, positions: dict) -> str | None:
        set_index, prompt_index = self.position(positions)
        if set_index >= len(self.sets):
            return None
        return f"{self.deck.id}:{self.sets[set_index].id}:{prompt_index}"

    def state(self, positions: dict, favourites: list, names: tuple[str, str] | None) -> dict:
        set_index, prompt_index = self.position(positions)
        if set_index >= len(self.sets):
            return {"deck": self.deck, "done": True}
        deck_set = self.sets[set_index]
        return {
            "deck": self.deck,
            "done": False,
            "set": deck_set,
            "set_number": set_index + 1,
            "set_count": len(self.sets),
            "prompt": deck_set.prompts[prompt_index],
            "prompt_number": prompt_index + 1,
            "prompt_count": len(deck_set.prompts),
            "favourite": self.favourite_key(positions) in favourites,
            # Partners take turns reading aloud; both answer.
            "reader": names[prompt_index % 2] if names else None,
        }


def choices_for(step: Any) -> tuple[Any, ...]:
    """The decks people may choose from on a step that lets them choose (deck_kind)."""
    kind = getattr(step, "deck_kind", None)
    if not kind:
        return ()
    return tuple(d for d in catalogue.decks().values() if d.kind == kind)


def walk_for(step: Any, chosen: str) -> DeckWalk | None:
    if step.prompt_deck:
        deck = catalogue.get_deck(step.prompt_deck)
        set_id = getattr(step, "prompt_set", None)
        return DeckWalk(deck, (deck.get_set(set_id),) if set_id else deck.sets)
    deck = next((d for d in choices_for(step) if d.id == chosen), None)
    return DeckWalk(deck, deck.sets) if deck else None


def prompt_for(key: str) -> str | None:
    """The text of a favourite, from its key; None if the content no longer has it."""
    try:
        deck_id, set_id, index = key.rsplit(":", 2)
        return catalogue.get_deck(deck_id).get_set(set_id).prompts[int(index)]
    except (KeyError, IndexError, ValueError):
        return None
