"""Everything Attune holds about one person, gathered as plain data for their own export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from attune.accounts.crypto import decrypter
from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.core.concepts import concepts
from attune.core.serialise import report_dict
from attune.safety.models import SafetyPlan

# Bump when the shape changes, so a reader of an old file knows what it holds.
EXPORT_VERSION = 1

SAFETY_PLAN_TITLES = {
    "warning_signs": "Warning signs",
    "people": "People I can contact",
    "safe_places": "Safe places I can go",
    "documents": "Documents and things to take",
}
SKIPPED = "Skipped"

Decrypt = Callable[[bytes | memoryview | None], str]


def collect(user: User) -> dict[str, Any]:
    """The person's account, settings, check-ups and safety plan, with free text decrypted.

    Reads only rows that belong to `user`: one query for check-ups, one for the safety plan and
    one for the key, however many check-ups there are.
    """
    decrypt = decrypter(user.pk)
    checkups = Checkup.objects.filter(user=user).order_by("started_at", "pk")
    plan = SafetyPlan.objects.filter(user=user).first()
    return {
        "format": "attune-export",
        "version": EXPORT_VERSION,
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined,
        },
        "settings": {
            "country": user.country,
            "discreet": user.discreet,
            "session_minutes": user.session_minutes,
            "session_length": user.get_session_minutes_display(),
        },
        "checkups": [_checkup(c, user.country or None, decrypt) for c in checkups],
        "safety_plan": _safety_plan(plan, decrypt) if plan is not None else None,
        "couple": _couple(user),
        "progress": _progress(user),
    }


def _progress(user: User) -> dict[str, Any]:
    """Pulses, reminders and progress settings: the person's own rows only."""
    from attune.progress.models import ProgressSettings, Pulse, Reminder

    prefs = ProgressSettings.objects.filter(user=user).first()
    return {
        "settings": {"time_zone": prefs.time_zone, "share_pulse": prefs.share_pulse}
        if prefs
        else None,
        "pulses": [
            {
                "week": p.week,
                "instrument_version": p.instrument_version,
                "answers": p.answers,
                "scores": p.scores,
                "taken_at": p.taken_at,
            }
            for p in Pulse.objects.filter(user=user).order_by("week")
        ],
        "reminders": [
            {"kind": r.kind, "weekday": r.get_weekday_display(), "at": r.at, "by_email": r.by_email}
            for r in Reminder.objects.filter(user=user)
        ],
    }


def _couple(user: User) -> dict[str, Any]:
    """Invitations, links and shares: dates and states only, nothing of the partner's."""
    from django.db.models import Q

    from attune.couples.models import Invitation, Link, Share

    links = list(Link.objects.filter(Q(first=user) | Q(second=user)).order_by("created_at"))
    # Shares live on links: a person never linked has none, so spare the query.
    shares = Share.objects.filter(checkup__user=user).select_related("checkup") if links else []
    return {
        "invitations": [
            {
                "code": i.code,
                "created_at": i.created_at,
                "expires_at": i.expires_at,
                "state": i.state,
            }
            for i in Invitation.objects.filter(inviter=user)
        ],
        "links": [
            {"code": link.code, "created_at": link.created_at, "ended_at": link.ended_at}
            for link in links
        ],
        "shares": [
            {"checkup": s.checkup.code, "shared_at": s.shared_at, "withdrawn_at": s.withdrawn_at}
            for s in shares
        ],
    }


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
        "answers": _answers(checkup),
        # Only a finished check-up has a report; a half-answered one would mislead.
        "report": _named(report_dict(checkup.report, country)) if finished else None,
        "note": decrypt(checkup.note),
    }


def _answers(checkup: Checkup) -> list[dict[str, Any]]:
    """Every stored answer, in the order the questions were asked, with its words."""
    instrument = checkup.instrument
    given = dict(checkup.answers)
    rows = []
    for section in instrument.sections:
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
