"""Everything Attune holds about one person, gathered as plain data for their own export.

Each app builds its own slice (its `export.py`); this module only lists the slices in the order
the file holds them, loads the person once for all of them, and does what crosses the slices:
the answers beside the texts, and every text that can no longer be read marked as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from attune.accounts import export as accounts
from attune.accounts.crypto import decrypter, unreadable
from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.activities import export as activities
from attune.api import export as api
from attune.checkins import export as checkins
from attune.checkups import export as checkups
from attune.counsellors import export as counsellors
from attune.couples import export as couples
from attune.progress import export as progress
from attune.safety import export as safety
from attune.safety.models import CareNotice

# Bump when the shape changes, so a reader of an old file knows what it holds.
# 3: the tier of every free text (note_tier, own_words_tier) and what the tiers mean; pulse
# answers and scores in words; names beside reminder kinds; the start of each shared check-up.
# 4: text that can no longer be read is null, and `unreadable_text` lists where.
# 5: `care_notices`, each text the screen put at help first and the person's answer about it.
EXPORT_VERSION = 5

# What the tier beside each piece of the person's own writing means. The safety check runs on
# this server only; nothing it reads is sent anywhere, and only the person ever sees a tier.
FREE_TEXT_TIERS = {
    "about": (
        "Each note_tier and own_words_tier says what the safety check on this server made of "
        "that piece of your writing. Only you see it."
    ),
    "0": "Nothing found.",
    "1": "Something in it meant we checked in with you, gently and privately.",
    "2": (
        "Something in it meant we showed you people to talk to first, and asked you one private "
        "question about it: your answer is in care_notices."
    ),
}
UNREADABLE_ABOUT = (
    "Some of what you wrote can no longer be read: the key it was locked with is not on this "
    "server any more (for example after a restore from an older backup). Each place is null "
    "in this file, and listed here. Anything you write from now on is locked with a new key "
    "and can be read as usual."
)


@dataclass(frozen=True)
class Slice:
    """One app's part of the file: its key, what builds it from the reading, and what it asks
    the first query to bring (rows joined in, whether a table holds anything)."""

    key: str
    build: Callable[[Reading], Any]
    load: Callable[[QuerySet[User]], QuerySet[User]] | None = None


# The one place that names every slice, in the order the file holds them.
SLICES = (
    Slice("account", accounts.account_for_export),
    Slice("settings", accounts.settings_for_export),
    Slice("api_token", api.token_for_export, api.with_token),
    Slice("checkups", checkups.checkups_for_export, checkups.with_checkups),
    Slice("safety_plan", safety.plan_for_export, safety.with_plan),
    Slice("couple", couples.couple_for_export, couples.with_couple),
    Slice("progress", progress.progress_for_export, progress.with_progress),
    Slice("checkins", checkins.checkins_for_export, checkins.with_checkins),
    Slice("activities", activities.runs_for_export, activities.with_runs),
    Slice("care_notices", safety.notices_for_export, safety.with_notices),
    Slice("counsellors", counsellors.counsellors_for_export, counsellors.with_spaces),
)


def collect(user: User) -> dict[str, Any]:
    """Everything Attune holds about `user`, with free text decrypted.

    Reads only rows that belong to `user`, in a number of queries that does not grow with how
    many rows there are: one for the person with their one-to-one rows (settings, safety plan,
    API token, reminders) and a yes or no for each of their other tables, then one for each of
    those that holds something (links bring their shares; a counsellor's spaces and places in
    them come together), then one for the key: tests/privacy/test_export.py holds the budget.
    """
    reading = Reading(_load(user), decrypter(user.pk))
    found = {
        "format": "attune-export",
        "version": EXPORT_VERSION,
        "free_text_tiers": FREE_TEXT_TIERS,
    }
    found.update((part.key, part.build(reading)) for part in SLICES)
    _answers_beside_the_texts(found)
    where = _mark_unreadable(found, "")
    found["unreadable_text"] = {"about": UNREADABLE_ABOUT, "where": where} if where else None
    return found


def _load(user: User) -> User:
    """The person again, in one query, with what every slice asked that query to bring."""
    people = User.objects.all()
    for part in SLICES:
        if part.load is not None:
            people = part.load(people)
    return people.get(pk=user.pk)


def _answers_beside_the_texts(found: dict[str, Any]) -> None:
    """The person's answer to the question a text at tier 2 brought, kept beside that text too
    ("yes", "not_sure", "no", "" while unanswered, None when no question was asked):
    `note_answer` on a check-in, a run and a check-up, `own_words_answer` on a check-up."""
    given = {(n["source"], n["text"]): n["answer"] for n in found["care_notices"]}
    places = [
        ("checkins", CareNotice.CHECKIN, "note_answer"),
        ("activities", CareNotice.ACTIVITY_NOTE, "note_answer"),
        ("checkups", CareNotice.CHECKUP_NOTE, "note_answer"),
        ("checkups", CareNotice.OWN_WORDS, "own_words_answer"),
    ]
    for part, source, field in places:
        for text in found[part]:
            text[field] = given.get((source, text["code"]))


def _mark_unreadable(data: Any, path: str) -> list[str]:
    """Set every text that could not be decrypted to None, in place; return where each was,
    as JSON pointers ("/checkups/0/note"), so the file and the page can say so."""
    found = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        here = f"{path}/{key}"
        if isinstance(value, str):
            if unreadable(value):
                data[key] = None
                found.append(here)
        elif isinstance(value, dict | list):
            found += _mark_unreadable(value, here)
    return found
