"""A person's check-ups for their own export (attune.privacy.export): every answer in words, the
report they saw, the note and their own words decrypted.

Only the person's own check-ups are read, once: the couple's slice names those it shared from
the same rows (`checkups_of`), so the export reads them in one query whoever asks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.checkups import own_words
from attune.checkups.models import Checkup
from attune.core.concepts import concepts
from attune.core.instruments import Instrument
from attune.core.serialise import report_dict

SKIPPED = "Skipped"


def with_checkups(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query says whether there is any check-up, so none costs no query."""
    return people.annotate(has_checkups=Exists(Checkup.objects.filter(user=OuterRef("pk"))))


def checkups_of(reading: Reading) -> list[Checkup]:
    """The person's check-ups, oldest first, read once for the whole export."""

    def read() -> list[Checkup]:
        if not reading.person.has_checkups:
            return []
        return list(Checkup.objects.filter(user=reading.person).order_by("started_at", "pk"))

    return reading.once("checkups", read)


def checkups_for_export(reading: Reading) -> list[dict[str, Any]]:
    country = reading.person.country or None
    return [_checkup(c, country, reading) for c in checkups_of(reading)]


def _checkup(checkup: Checkup, country: str | None, reading: Reading) -> dict[str, Any]:
    finished = checkup.finished_at
    return {
        "code": checkup.code,
        "instrument": {
            "id": checkup.instrument_id,
            "version": checkup.instrument_version,
            "title": checkup.instrument.title,
        },
        "started_at": checkup.started_at,
        "finished_at": finished,
        "answers": answers_in_words(checkup.instrument, checkup.answers),
        # Only a finished check-up has a report; a half-answered one would mislead.
        "report": _named(report_dict(checkup.report, country)) if finished else None,
        "note": reading.decrypt(checkup.note),
        # What the safety check made of the note and of the own words: the export's
        # free_text_tiers. Only the writer's own export holds them.
        "note_tier": checkup.note_tier,
        "own_words": own_words.exported(checkup, reading.decrypt),
        "own_words_tier": checkup.own_words_tier,
    }


def answers_in_words(
    instrument: Instrument | None, answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every stored answer, in the order the questions were asked, with its words (a pulse's
    answers too: attune.progress.export)."""
    given = dict(answers)
    rows = []
    for section in instrument.sections if instrument else ():
        for item in section.items:
            if item.id not in given:
                continue
            value = given.pop(item.id)
            labels = {o.value: o.label for o in item.options}
            rows.append(
                {
                    "section": section.title,
                    "item": item.id,
                    "text": item.text,
                    "value": value,
                    "label": SKIPPED if value is None else labels.get(value),
                }
            )
    # Anything the instrument no longer knows is still the person's, so it goes in too.
    rows += [
        {"section": None, "item": item_id, "text": None, "value": value, "label": None}
        for item_id, value in given.items()
    ]
    return rows


def _named(report: dict[str, Any]) -> dict[str, Any]:
    """Add plain names beside the ids, so the export reads without the content files."""
    model = concepts()

    def name(construct_id: str) -> str:
        try:
            return model.name_of(construct_id)
        except KeyError:
            return construct_id

    for group in ("constructs", "signs", "causes", "wellbeing", "likely_causes"):
        for entry in report[group]:
            entry["name"] = name(entry["id"])
    report["strength_names"] = [name(s) for s in report["strengths"]]
    for step in report["plan"]:
        strategy = model.strategies.get(step["strategy"])
        step["name"] = strategy.name if strategy else step["strategy"]
        for activity in step["activities"]:
            known = model.activities.get(activity["id"])
            activity["title"] = known.title if known else activity["id"]
    return report
