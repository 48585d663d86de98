"""Everything Attune holds about one person, gathered as plain data for their own export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Exists, FilteredRelation, OuterRef, Q

from attune.accounts.crypto import decrypter, unreadable
from attune.accounts.models import User
from attune.activities.export import runs_for_export
from attune.activities.models import Run
from attune.checkins.export import checkins_for_export
from attune.checkins.models import Checkin
from attune.checkups import own_words
from attune.checkups.models import Checkup
from attune.core.concepts import concepts
from attune.core.instruments import Instrument, UnknownInstrument, get_instrument
from attune.core.serialise import report_dict
from attune.counsellors.export import counsellor_export
from attune.counsellors.models import Client
from attune.couples.models import Invitation, Link
from attune.progress.models import Pulse, Reminder, ReminderSent
from attune.safety.export import notices_for_export
from attune.safety.models import CareNotice, SafetyPlan

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

SAFETY_PLAN_TITLES = {
    "warning_signs": "Warning signs",
    "people": "People I can contact",
    "safe_places": "Safe places I can go",
    "documents": "Documents and things to take",
}
SKIPPED = "Skipped"
UNREADABLE_ABOUT = (
    "Some of what you wrote can no longer be read: the key it was locked with is not on this "
    "server any more (for example after a restore from an older backup). Each place is null "
    "in this file, and listed here. Anything you write from now on is locked with a new key "
    "and can be read as usual."
)

Decrypt = Callable[[bytes | memoryview | None], str]


def collect(user: User) -> dict[str, Any]:
    """Everything Attune holds about `user`, with free text decrypted.

    Reads only rows that belong to `user`, in a number of queries that does not grow with how
    many rows there are: one for the person with their one-to-one rows (settings, safety plan,
    API token, reminders) and a yes or no for each of their other tables, then one for each of
    those that holds something (links bring their shares; a counsellor's spaces and places in
    them come together), then one for the key: tests/privacy/test_export.py holds the budget.
    """
    person = _load(user)
    decrypt = decrypter(user.pk)
    checkups = (
        list(Checkup.objects.filter(user=user).order_by("started_at", "pk"))
        if person.has_checkups
        else []
    )
    plan = _one(person, "safety_plan")
    token = _one(person, "api_token")
    found = {
        "format": "attune-export",
        "version": EXPORT_VERSION,
        "free_text_tiers": FREE_TEXT_TIERS,
        "account": {
            "email": person.email,
            "display_name": person.display_name,
            "date_joined": person.date_joined,
        },
        "settings": {
            "country": person.country,
            "discreet": person.discreet,
            "session_minutes": person.session_minutes,
            "session_length": person.get_session_minutes_display(),
        },
        # Only that there is one and when it was made: the token itself is never kept.
        "api_token": {"created_at": token.created_at} if token else None,
        "checkups": [_checkup(c, person.country or None, decrypt) for c in checkups],
        "safety_plan": _safety_plan(plan, decrypt) if plan is not None else None,
        "couple": _couple(person, {c.pk: c for c in checkups}),
        "progress": _progress(person),
        "checkins": checkins_for_export(person, decrypt) if person.has_checkins else [],
        "activities": runs_for_export(person, decrypt) if person.has_runs else [],
        "care_notices": notices_for_export(person) if person.has_care_notices else [],
        "counsellors": _counsellors(person),
    }
    _answers_beside_the_texts(found)
    where = _mark_unreadable(found, "")
    found["unreadable_text"] = {"about": UNREADABLE_ABOUT, "where": where} if where else None
    return found


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


def _load(user: User) -> User:
    """The person again, in one query, with their one-to-one rows joined in (a reminder is one
    a kind), and for each of their other tables whether it holds anything, so that an empty
    table costs no query."""
    me = OuterRef("pk")
    return (
        User.objects.annotate(
            **{
                f"{kind}_reminder": FilteredRelation("reminders", condition=Q(reminders__kind=kind))
                for kind, _ in Reminder.KINDS
            }
        )
        .select_related(
            "safety_plan",
            "progress_settings",
            "api_token",
            "counsellor",
            *(f"{kind}_reminder" for kind, _ in Reminder.KINDS),
        )
        .annotate(
            has_checkups=Exists(Checkup.objects.filter(user=me)),
            has_links=Exists(Link.objects.filter(Q(first=me) | Q(second=me))),
            has_invitations=Exists(Invitation.objects.filter(inviter=me)),
            has_pulses=Exists(Pulse.objects.filter(user=me)),
            has_reminders_sent=Exists(ReminderSent.objects.filter(user=me)),
            has_checkins=Exists(Checkin.objects.filter(user=me)),
            has_runs=Exists(Run.objects.filter(user=me)),
            has_care_notices=Exists(CareNotice.objects.filter(user=me)),
            has_counsellor_places=Exists(Client.objects.filter(user=me)),
        )
        .get(pk=user.pk)
    )


def _counsellors(person: User) -> dict[str, Any]:
    counsellor = _one(person, "counsellor")
    if counsellor is None and not person.has_counsellor_places:
        return {"as_counsellor": None, "as_client": []}
    return counsellor_export(person, counsellor)


def _one(person: User, name: str) -> Any:
    """A row joined in by _load, or None when the person has none (a missing one-to-one raises
    an AttributeError, and a missing filtered row is simply not set)."""
    return getattr(person, name, None)


def _progress(person: User) -> dict[str, Any]:
    """Pulses, reminders and progress settings: the person's own rows only."""
    prefs = _one(person, "progress_settings")
    pulses = Pulse.objects.filter(user=person).order_by("week") if person.has_pulses else []
    reminders = [_one(person, f"{kind}_reminder") for kind, _ in Reminder.KINDS]
    sent = (
        ReminderSent.objects.filter(user=person).order_by("local_date", "kind")
        if person.has_reminders_sent
        else []
    )
    names = dict(Reminder.KINDS)
    return {
        "settings": {
            "time_zone": prefs.time_zone,
            "share_pulse": prefs.share_pulse,
            # Only whether there is a calendar link: its secret is never kept.
            "calendar_feed": bool(prefs.calendar_token_hash),
            "counted_in_everyones_weeks": prefs.in_pool,
        }
        if prefs
        else None,
        "pulses": [
            {
                "week": p.week,
                "instrument_version": p.instrument_version,
                "answers": p.answers,
                "scores": p.scores,
                "taken_at": p.taken_at,
                # The same answers and scores, in words, in the order the questions were asked.
                "answers_in_words": _answers_in(_pulse_instrument(p.instrument_version), p.answers),
                "scores_in_words": _scores_in_words(p.scores),
            }
            for p in pulses
        ],
        "reminders": [
            {
                "kind": r.kind,
                "name": names.get(r.kind, r.kind),
                "weekday": r.get_weekday_display(),
                "at": r.at,
                "by_email": r.by_email,
            }
            for r in reminders
            if r is not None
        ],
        # One row per reminder e-mail: which reminder, for which day, and when it went out.
        "reminder_emails": [
            {
                "kind": s.kind,
                "name": names.get(s.kind, s.kind),
                "day": s.local_date,
                "state": s.state,
                "sent_at": s.sent_at,
            }
            for s in sent
        ],
    }


def _pulse_instrument(version: int) -> Instrument | None:
    try:
        return get_instrument("pulse", version)
    except UnknownInstrument:
        return None


def _scores_in_words(scores: dict[str, int | None]) -> list[dict[str, Any]]:
    """Each sign's score with its name, in the usual order of the signs."""
    signs = concepts().signs
    order = [*(s for s in signs if s in scores), *(s for s in scores if s not in signs)]
    return [
        {"id": s, "name": signs[s].name if s in signs else s, "score": scores[s]} for s in order
    ]


def _couple(person: User, checkups: dict[int, Checkup]) -> dict[str, Any]:
    """Invitations, links and shares: dates and states only, nothing of the partner's.

    A share lives on a link, so the person's links come with their shares in one query: a row
    per share of theirs, or one row for a link with none.
    """
    rows = _links_with_shares(person, list(checkups)) if person.has_links else []
    links: dict[str, dict[str, Any]] = {}
    shares = []
    for row in rows:
        links.setdefault(
            row["code"],
            {"code": row["code"], "created_at": row["created_at"], "ended_at": row["ended_at"]},
        )
        if row.get("mine__checkup") is not None:
            checkup = checkups[row["mine__checkup"]]
            shares.append(
                {
                    "checkup": checkup.code,
                    "checkup_started_at": checkup.started_at,
                    "shared_at": row["mine__shared_at"],
                    "withdrawn_at": row["mine__withdrawn_at"],
                }
            )
    invitations = Invitation.objects.filter(inviter=person) if person.has_invitations else []
    return {
        "invitations": [
            {
                "code": i.code,
                "created_at": i.created_at,
                "expires_at": i.expires_at,
                "state": i.state,
            }
            for i in invitations
        ],
        "links": list(links.values()),
        "shares": sorted(shares, key=lambda share: share["shared_at"], reverse=True),
    }


def _links_with_shares(person: User, checkup_ids: list[int]) -> list[dict[str, Any]]:
    links = Link.objects.filter(Q(first=person) | Q(second=person)).order_by("created_at", "pk")
    if not checkup_ids:
        # No check-up, so no share: the links alone.
        return list(links.values("code", "created_at", "ended_at"))
    # The shares on a link are the person's or the partner's: join the person's own only.
    mine = FilteredRelation("shares", condition=Q(shares__checkup_id__in=checkup_ids))
    return list(
        links.annotate(mine=mine).values(
            "code",
            "created_at",
            "ended_at",
            "mine__checkup",
            "mine__shared_at",
            "mine__withdrawn_at",
        )
    )


def _checkup(checkup: Checkup, country: str | None, decrypt: Decrypt) -> dict[str, Any]:
    finished: datetime | None = checkup.finished_at
    return {
        "code": checkup.code,
        "instrument": {
            "id": checkup.instrument_id,
            "version": checkup.instrument_version,
            "title": checkup.instrument.title,
        },
        "started_at": checkup.started_at,
        "finished_at": finished,
        "answers": _answers_in(checkup.instrument, checkup.answers),
        # Only a finished check-up has a report; a half-answered one would mislead.
        "report": _named(report_dict(checkup.report, country)) if finished else None,
        "note": decrypt(checkup.note),
        # What the safety check made of the note and of the own words: see FREE_TEXT_TIERS.
        "note_tier": checkup.note_tier,
        "own_words": own_words.exported(checkup, decrypt),
        "own_words_tier": checkup.own_words_tier,
    }


def _answers_in(instrument: Instrument | None, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stored answer, in the order the questions were asked, with its words."""
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


def _safety_plan(plan: SafetyPlan, decrypt: Decrypt) -> dict[str, Any]:
    return {
        "updated_at": plan.updated_at,
        "parts": [
            {
                "id": field,
                "title": SAFETY_PLAN_TITLES.get(field, field),
                "text": decrypt(getattr(plan, field)),
            }
            for field in SafetyPlan.FIELDS
        ],
    }
