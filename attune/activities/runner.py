"""The runner's rules: what a press on a step does to a run, whose turn it is, and how the one
state of a run for two moves for both.

A run on one device is its own state. Each on their own phone, the two runs share a SharedRun,
and a press moves it only from the version the person's screen showed, saved only if nobody
saved first: a press from a screen that was behind, or the second of two presses at once, moves
nothing, so the two never skip a step between them and both see where both are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from attune.accounts.crypto import decrypter, encrypt
from attune.activities import notes
from attune.activities.access import shared_open
from attune.activities.decks import DeckWalk, choices_for, prompt_for, walk_for
from attune.activities.models import Run, SharedRun
from attune.core import catalogue
from attune.couples.models import Link
from attune.safety.freetext import Written

# Pressing "stop" leaves the run as it is, to pick up later.
STOP = "stop"
MOVES = frozenset({"next", "back", "pass", "favourite", "restart-deck", "choose", "change-deck"})


def start(user, activity_id: str, mode: str, names: tuple[str, str], partner=None) -> Run:
    """A new run. A new evening of the same activity picks up its questions where the last one
    stopped, favourites kept; each on their own phone, it also starts the state both share,
    for `partner` to join."""
    run = Run(user=user, activity_id=activity_id, mode=mode)
    if mode == Run.TOGETHER and any(names):
        run.names = encrypt(user.pk, "\n".join(names))
    earlier = (
        Run.objects.filter(user=user, activity_id=activity_id)
        .only("deck_position", "favourites")
        .first()
    )
    if earlier is not None:
        run.deck_position = earlier.deck_position
        run.favourites = earlier.favourites
    if mode == Run.APART:
        run.shared = SharedRun.objects.create(
            activity_id=activity_id,
            started_by=user,
            partner=partner,
            deck_position=run.deck_position,
            favourites=run.favourites,
        )
    run.save()
    return run


def join(user, shared: SharedRun) -> Run:
    """The partner's own run of a run for two: made the first time they join, found again when
    they come back. The first join moves the version, so the starter's screen sees them arrive."""
    run = Run.objects.filter(user=user, shared=shared).first()
    if run is None:
        run = Run.objects.create(
            user=user, activity_id=shared.activity_id, mode=Run.APART, shared=shared
        )
    if shared.joined_at is None:
        SharedRun.objects.filter(pk=shared.pk, joined_at__isnull=True).update(
            joined_at=timezone.now(), version=F("version") + 1
        )
    return run


@dataclass(frozen=True)
class Press:
    """A button pressed on a step's page, as the screen sent it."""

    action: str
    # The version of the shared state the screen showed (runs for two only).
    version: str | None = None
    # The deck picked, for "choose".
    deck: str = ""


@dataclass(frozen=True)
class Place:
    """Where a run is in its activity's steps, and what a press there can reach."""

    run: Run
    steps: catalogue.Activity

    @property
    def for_two(self) -> bool:
        return self.run.mode == Run.APART

    @property
    def state(self) -> Run | SharedRun:
        """What a press moves: the run itself, or, each on their own phone, the state both share."""
        return self.run.shared if self.for_two else self.run

    @property
    def total(self) -> int:
        return len(self.steps.steps)

    @property
    def number(self) -> int:
        return self.state.step + 1

    @property
    def last(self) -> bool:
        return self.number == self.total

    @property
    def past_end(self) -> bool:
        """Every step done: what comes next is the closing question."""
        return self.state.step >= self.total

    @property
    def current(self) -> catalogue.Step:
        return self.steps.steps[self.state.step]

    @property
    def walk(self) -> DeckWalk | None:
        return walk_for(self.current, self.state.chosen_deck)

    @property
    def choices(self) -> tuple[catalogue.Deck, ...]:
        return choices_for(self.current)

    def deck(self, names: tuple[str, str] | None) -> dict | None:
        """The deck's prompt as the screen shows it, with who reads it aloud."""
        walk = self.walk
        return walk.state(self.state.deck_position, self.state.favourites, names) if walk else None


def behind(place: Place, press: Press) -> bool:
    """A screen for two that showed an older version than both are on now: it catches up first,
    and its press does nothing (it may have been meant for a step already gone)."""
    return place.for_two and press.version != str(place.state.version)


def allowed(place: Place, press: Press) -> bool:
    """A press this step knows; "choose" only one of the step's decks."""
    if press.action == "choose" and press.deck not in {d.id for d in place.choices}:
        return False
    return press.action in MOVES


def move(place: Place, press: Press) -> bool:
    """Do what an allowed press asks and save it. False when, for two, the other screen saved
    first: then nothing is saved, and this screen catches up with where both are."""
    state = place.state
    _apply(state, press, place.walk)
    if place.for_two:
        return save_shared(state)
    place.run.save()
    return True


def _apply(state: Run | SharedRun, press: Press, walk: DeckWalk | None) -> None:
    if press.action in ("next", "back"):
        state.step = state.step + 1 if press.action == "next" else max(state.step - 1, 0)
        # A chosen deck belongs to its step: the step moved to starts with none chosen.
        state.chosen_deck = ""
    elif press.action == "change-deck":
        state.chosen_deck = ""
    elif press.action == "choose":
        state.chosen_deck = press.deck
    elif walk is not None:
        _on_deck(state, press.action, walk)


def _on_deck(state: Run | SharedRun, action: str, walk: DeckWalk) -> None:
    if action == "pass":
        state.deck_position = walk.advanced(state.deck_position)
    elif action == "restart-deck":
        state.deck_position = walk.restarted(state.deck_position)
    elif action == "favourite":
        key = walk.favourite_key(state.deck_position)
        if key:
            kept = [k for k in state.favourites if k != key]
            state.favourites = kept if key in state.favourites else [*kept, key]


def save_shared(shared: SharedRun) -> bool:
    """Save a move only if nobody moved first (two presses at once move one step, not two)."""
    return bool(
        SharedRun.objects.filter(pk=shared.pk, version=shared.version).update(
            step=shared.step,
            chosen_deck=shared.chosen_deck,
            deck_position=shared.deck_position,
            favourites=shared.favourites,
            version=shared.version + 1,
        )
    )


def back_to_last_step(run: Run, steps: catalogue.Activity | None, link: Link | None) -> None:
    """Back from the closing question to the last step, for both when each is on their own
    phone and this person may still move it. A finished run stays finished."""
    if run.finished or steps is None or not steps.steps:
        return
    last = len(steps.steps) - 1
    if run.mode != Run.APART:
        run.step = last
        run.save(update_fields=["step", "updated_at"])
    elif shared_open(run.shared, run.user, link):
        run.shared.step = last
        save_shared(run.shared)


def finish(run: Run, helped: int | None, note: Written, share: bool, link: Link | None) -> None:
    """Answer the closing question and close the run (answering again keeps when it first
    closed). Each on their own phone, where the questions got to is kept with the person's own
    run, so their next evening picks up from here."""
    run.helped = helped
    run.note, run.note_tier = note.sealed, note.tier
    run.finished_at = run.finished_at or timezone.now()
    if run.mode == Run.APART and run.shared is not None:
        run.deck_position = run.shared.deck_position
        run.favourites = run.shared.favourites
    notes.set_sharing(run, share, link)
    run.save()


def favourite_prompts(run: Run) -> list[str]:
    """The run's favourite questions that the content still has."""
    return [p for p in map(prompt_for, run.favourites) if p]


def names_of(run: Run, user) -> tuple[str, str] | None:
    """The two names turns are told by, as `user` sees them: each person's own for two on their
    own phones, the names typed at the start together on one, none for one person alone."""
    if run.mode == Run.APART:
        return name_of(run.shared.started_by, user), name_of(run.shared.partner, user)
    if not run.together:
        return None
    typed = decrypter(user.pk)(run.names).split("\n") if run.names else ["", ""]
    first = typed[0] or user.display_name or "You"
    second = typed[1] if len(typed) > 1 and typed[1] else "Your partner"
    return first, second


def name_of(person, viewer) -> str:
    if person.display_name:
        return person.display_name
    return "You" if viewer is not None and person.pk == viewer.pk else "Your partner"


def turn(step: catalogue.Step, names: tuple[str, str] | None) -> str | None:
    """Whose turn a step is: the first person's, the second's, or both."""
    if not names:
        return None
    return {"a": names[0], "b": names[1], "both": "Both of you"}.get(step.turn or "")
