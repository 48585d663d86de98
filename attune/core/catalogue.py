"""The activity catalogue: each activity's guide, step by step, and the conversation decks.

Pure: no Django. One YAML file per activity in content/activities/ and one per deck in
content/decks/, each checked against its schema and against the concept model, so a broken
file is named with its field when `attune check` runs.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attune.core.concepts import SAFETY_CAUSE, ConceptModel, concepts
from attune.core.content import CONTENT_DIR, ContentError, load

ACTIVITY_DIR = CONTENT_DIR / "activities"
DECK_DIR = CONTENT_DIR / "decks"

MAIN_DECK = "main"
MAIN_SETS = ("light", "personal", "vulnerable")
MAIN_SET_SIZE = 12
MIN_THEMED_DECKS = 4
MIN_PROMPTS = 100
REQUIRED_DECKS = (MAIN_DECK, "disclosure", "inner-world")
HELP_URL = "/help/"

_PUNCTUATION = str.maketrans("", "", string.punctuation + "’‘“”–—")


def normalise(text: str) -> str:
    """A prompt reduced to lower-case words, for spotting two prompts that are really one."""
    return " ".join(text.lower().translate(_PUNCTUATION).split())


@dataclass(frozen=True)
class DeckSet:
    id: str
    title: str
    prompts: tuple[str, ...]
    minutes: int | None = None


@dataclass(frozen=True)
class Deck:
    id: str
    kind: str  # "main", "themed", "graded" (easy to hard) or "solo" (answered alone)
    title: str
    summary: str
    how: str
    sets: tuple[DeckSet, ...]

    @property
    def prompts(self) -> tuple[str, ...]:
        return tuple(p for s in self.sets for p in s.prompts)

    def get_set(self, set_id: str) -> DeckSet:
        for deck_set in self.sets:
            if deck_set.id == set_id:
                return deck_set
        raise KeyError(set_id)


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    timer_minutes: int | None = None
    turn: str | None = None  # couple activities: "a", "b" or "both"
    prompt_deck: str | None = None
    prompt_set: str | None = None  # one set of prompt_deck; None means the whole deck
    deck_kind: str | None = None  # "themed": the people choose any deck of that kind here


@dataclass(frozen=True)
class Activity:
    id: str
    strategies: tuple[str, ...]
    causes: tuple[str, ...]
    mode: str  # "solo" or "couple"
    minutes: int
    purpose: str  # the file's `for`: one line on what it is for
    if_hard: str
    steps: tuple[Step, ...]
    reflection: tuple[str, ...] = ()
    timer_minutes: int | None = None

    @property
    def couple(self) -> bool:
        return self.mode == "couple"


# Decks -----------------------------------------------------------------------------------------


def load_deck(path: Path) -> Deck:
    data = load(path, "deck")
    if data["id"] != path.stem:
        raise ContentError(path, "id", f"must match the file name {path.stem!r}")
    set_ids = [s["id"] for s in data["sets"]]
    if len(set(set_ids)) != len(set_ids):
        raise ContentError(path, "sets", f"set ids repeat: {set_ids}")
    if data["kind"] == "main":
        if tuple(set_ids) != MAIN_SETS:
            raise ContentError(path, "sets", f"must be exactly {list(MAIN_SETS)} in order")
        for i, deck_set in enumerate(data["sets"]):
            if len(deck_set["prompts"]) != MAIN_SET_SIZE:
                raise ContentError(
                    path, f"sets[{i}].prompts", f"must hold exactly {MAIN_SET_SIZE} prompts"
                )
    return Deck(
        id=data["id"],
        kind=data["kind"],
        title=data["title"],
        summary=data["summary"],
        how=data["how"],
        sets=tuple(
            DeckSet(
                id=s["id"], title=s["title"], prompts=tuple(s["prompts"]), minutes=s.get("minutes")
            )
            for s in data["sets"]
        ),
    )


def load_decks(directory: Path | None = None) -> dict[str, Deck]:
    """Every deck in the folder, with the catalogue-wide rules: counts and no two prompts alike."""
    directory = directory or DECK_DIR
    paths = sorted(directory.glob("*.yaml"))
    result: dict[str, Deck] = {}
    seen: dict[str, str] = {}
    for path in paths:
        deck = load_deck(path)
        for i, deck_set in enumerate(deck.sets):
            for j, prompt in enumerate(deck_set.prompts):
                key = normalise(prompt)
                where = f"{deck.id}.yaml sets[{i}].prompts[{j}]"
                if key in seen:
                    raise ContentError(
                        path, f"sets[{i}].prompts[{j}]", f"repeats the prompt at {seen[key]}"
                    )
                seen[key] = where
        result[deck.id] = deck
    for required in REQUIRED_DECKS:
        if required not in result:
            raise ContentError(directory, "(folder)", f"the {required!r} deck is missing")
    if result[MAIN_DECK].kind != "main":
        raise ContentError(directory / f"{MAIN_DECK}.yaml", "kind", "must be 'main'")
    themed = [d for d in result.values() if d.kind == "themed"]
    if len(themed) < MIN_THEMED_DECKS:
        raise ContentError(directory, "(folder)", f"needs at least {MIN_THEMED_DECKS} themed decks")
    if len(seen) < MIN_PROMPTS:
        raise ContentError(
            directory, "(folder)", f"needs at least {MIN_PROMPTS} prompts, has {len(seen)}"
        )
    return result


# Activities ------------------------------------------------------------------------------------


def _check_steps(path: Path, data: dict, all_decks: dict[str, Deck]) -> None:
    couple = data["mode"] == "couple"
    timed = False
    for i, step in enumerate(data["steps"]):
        if "turn" in step and not couple:
            raise ContentError(path, f"steps[{i}].turn", "only a couple activity has turns")
        if step.get("timer_minutes", 0) > data["minutes"]:
            raise ContentError(path, f"steps[{i}].timer_minutes", "is longer than the activity")
        timed = timed or "timer_minutes" in step
        deck_id = step.get("prompt_deck")
        if deck_id is not None and deck_id not in all_decks:
            raise ContentError(path, f"steps[{i}].prompt_deck", f"unknown deck {deck_id!r}")
        if "prompt_set" in step:
            if deck_id is None:
                raise ContentError(path, f"steps[{i}].prompt_set", "needs a prompt_deck")
            if step["prompt_set"] not in {s.id for s in all_decks[deck_id].sets}:
                raise ContentError(
                    path,
                    f"steps[{i}].prompt_set",
                    f"deck {deck_id!r} has no set {step['prompt_set']!r}",
                )
        if "deck_kind" in step and deck_id is not None:
            raise ContentError(path, f"steps[{i}].deck_kind", "give a deck or a kind, not both")
    if "timer_minutes" in data and not timed:
        raise ContentError(path, "timer_minutes", "no step has a timer")


def _check_against_concepts(path: Path, data: dict, model: ConceptModel) -> None:
    activity_id = data["id"]
    if activity_id not in model.activities:
        raise ContentError(path, "id", f"{activity_id!r} is not an activity in concepts.yaml")
    listed = model.activities[activity_id]
    if (data["mode"] == "couple") != listed.couple:
        expected = "couple" if listed.couple else "solo"
        raise ContentError(path, "mode", f"concepts.yaml says this activity is {expected}")
    if data["minutes"] != listed.minutes:
        raise ContentError(path, "minutes", f"concepts.yaml says {listed.minutes}")
    named_by = {
        s.id for s in model.strategies.values() if activity_id in s.activities + s.when_unsafe
    }
    if set(data["strategies"]) != named_by:
        raise ContentError(
            path, "strategies", f"concepts.yaml links this activity to {sorted(named_by)}"
        )
    served = {c.id for c in model.causes.values() if activity_id in c.solo_activities}
    if missing := served - set(data["causes"]):
        raise ContentError(path, "causes", f"concepts.yaml links it to {sorted(missing)} too")
    if data["mode"] == "couple":
        if SAFETY_CAUSE in data["causes"]:
            raise ContentError(path, "causes", "a couple activity never serves the safety cause")
        if HELP_URL not in data["if_hard"]:
            raise ContentError(
                path, "if_hard", f"a couple activity must point to {HELP_URL} for anyone unsafe"
            )


def load_activity(path: Path, all_decks: dict[str, Deck], model: ConceptModel) -> Activity:
    data = load(path, "activity")
    if data["id"] != path.stem:
        raise ContentError(path, "id", f"must match the file name {path.stem!r}")
    _check_against_concepts(path, data, model)
    _check_steps(path, data, all_decks)
    return Activity(
        id=data["id"],
        strategies=tuple(data["strategies"]),
        causes=tuple(data["causes"]),
        mode=data["mode"],
        minutes=data["minutes"],
        purpose=data["for"],
        if_hard=data["if_hard"],
        steps=tuple(Step(**step) for step in data["steps"]),
        reflection=tuple(data.get("reflection", ())),
        timer_minutes=data.get("timer_minutes"),
    )


def load_activities(
    directory: Path | None = None,
    all_decks: dict[str, Deck] | None = None,
    model: ConceptModel | None = None,
) -> dict[str, Activity]:
    """Every activity file; together they must cover concepts.yaml's activities exactly."""
    directory = directory or ACTIVITY_DIR
    model = model or concepts()
    all_decks = all_decks if all_decks is not None else load_decks()
    result = {}
    for path in sorted(directory.glob("*.yaml")):
        activity = load_activity(path, all_decks, model)
        result[activity.id] = activity
    if missing := [a for a in model.activities if a not in result]:
        raise ContentError(directory, "(folder)", f"no file for activities {missing}")
    # Keep the order concepts.yaml gives, so lists read the same everywhere.
    return {a: result[a] for a in model.activities}


def load_catalogue() -> None:
    """Load decks and activities fresh (for `attune check`)."""
    load_activities(all_decks=load_decks(), model=concepts())


# The shipped catalogue ------------------------------------------------------------------------


@cache
def decks() -> dict[str, Deck]:
    """The shipped decks, loaded and checked once per process."""
    return load_decks()


@cache
def activities() -> dict[str, Activity]:
    """The shipped activity guides, in concepts.yaml's order, loaded once per process."""
    return load_activities(all_decks=decks())


def get_deck(deck_id: str) -> Deck:
    """One deck by id; KeyError for an unknown id."""
    return decks()[deck_id]


def themed_decks() -> tuple[Deck, ...]:
    return tuple(d for d in decks().values() if d.kind == "themed")


def activity_steps(activity_id: str) -> Activity:
    """One activity's full guide (purpose, if_hard, steps, reflection); KeyError if unknown."""
    return activities()[activity_id]
