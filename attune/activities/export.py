"""A person's activity runs for their own export (attune.privacy.export): every one, decrypted.

Only the person's own rows are read. Of a run for two (each on our own phone) only what is the
person's own or shared by the two of them goes in: the activity, the step they reached together,
who started it and when. Never anything of the partner's: not their note, not the names they
typed, and not when or whether the run was closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from attune.accounts.crypto import unreadable
from attune.accounts.export import Decrypt, Reading
from attune.accounts.models import User
from attune.activities.decks import prompt_for
from attune.activities.models import Run, SharedRun
from attune.core import catalogue
from attune.core.concepts import concepts

MODES = dict(Run.MODES)


def with_runs(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query says whether there is any run, so none costs no query."""
    return people.annotate(has_runs=Exists(Run.objects.filter(user=OuterRef("pk"))))


def runs_for_export(reading: Reading) -> list[dict[str, Any]]:
    """Oldest first, in one query: the run for two each run belongs to comes in the same query."""
    if not reading.person.has_runs:
        return []
    runs = Run.objects.filter(user=reading.person).select_related("shared")
    return [_run(run, reading.decrypt) for run in runs.order_by("started_at", "pk")]


def _run(run: Run, decrypt: Decrypt) -> dict[str, Any]:
    names = decrypt(run.names)
    return {
        "code": run.code,
        "activity": {"id": run.activity_id, "title": _title(run.activity_id)},
        "mode": {"id": run.mode, "label": MODES.get(run.mode, run.mode)},
        "step": run.step,
        "steps": _step_count(run.activity_id),
        # The two names the person typed for a run together on one device.
        "names": names if unreadable(names) else names.split("\n") if names else [],
        "chosen_deck": _deck(run.chosen_deck) if run.chosen_deck else None,
        "deck_position": run.deck_position,
        "where_you_got_to": _positions(run.deck_position),
        "favourites": [{"key": key, "text": prompt_for(key)} for key in run.favourites],
        "helped": run.helped,
        "note": decrypt(run.note),
        # What the safety check made of the note (0, 1, 2): the export's free_text_tiers. At 1
        # or 2 the note was never shown to anyone else.
        "note_tier": run.note_tier,
        "note_share_wanted": run.share_wanted,
        "note_shared": run.note_shared,
        "note_shared_at": run.note_shared_at,
        "shared": _shared(run.shared, run.user_id) if run.shared_id else None,
        "started_at": run.started_at,
        "updated_at": run.updated_at,
        "finished_at": run.finished_at,
    }


def _shared(shared: SharedRun, user_id: int) -> dict[str, Any]:
    """The state both phones showed: only what the two of them share, nothing of the partner."""
    joined: datetime | None = shared.joined_at
    return {
        "code": shared.code,
        "started_by_you": shared.started_by_id == user_id,
        "step": shared.step,
        "created_at": shared.created_at,
        "joined_at": joined,
    }


def _title(activity_id: str) -> str:
    known = concepts().activities.get(activity_id)
    return known.title if known else activity_id


def _step_count(activity_id: str) -> int | None:
    try:
        return len(catalogue.activity_steps(activity_id).steps)
    except KeyError:
        return None


def _deck(deck_id: str) -> dict[str, str]:
    try:
        title = catalogue.get_deck(deck_id).title
    except KeyError:
        title = deck_id
    return {"id": deck_id, "title": title}


def _positions(positions: dict) -> list[dict[str, Any]]:
    """Deck positions in words: which deck, and which set and question (counting from 1)."""
    found = []
    for key, at in sorted(positions.items()):
        deck = _deck(key.split("/")[0])
        try:
            set_number, question = int(at[0]) + 1, int(at[1]) + 1
        except (TypeError, ValueError, IndexError, KeyError):
            set_number = question = None
        found.append({"deck": deck["title"], "set": set_number, "question": question})
    return found
