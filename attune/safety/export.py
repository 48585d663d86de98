"""A person's safety plan and private notices for their own export (attune.privacy.export).

Both are read for the person alone and go only into their own file: what the safety screen
found and how they answered its question is never part of anyone else's export, in any form.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.safety.models import CareNotice, SafetyPlan

SOURCES = dict(CareNotice.SOURCES)
ANSWERS = dict(CareNotice.ANSWERS)
SAFETY_PLAN_TITLES = {
    "warning_signs": "Warning signs",
    "people": "People I can contact",
    "safe_places": "Safe places I can go",
    "documents": "Documents and things to take",
}


def with_plan(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query joins the plan in."""
    return people.select_related("safety_plan")


def plan_for_export(reading: Reading) -> dict[str, Any] | None:
    """Every part of the plan, decrypted, with its title."""
    plan = reading.joined("safety_plan")
    if plan is None:
        return None
    return {
        "updated_at": plan.updated_at,
        "parts": [
            {
                "id": part,
                "title": SAFETY_PLAN_TITLES.get(part, part),
                "text": reading.decrypt(getattr(plan, part)),
            }
            for part in SafetyPlan.FIELDS
        ],
    }


def with_notices(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query says whether there is any notice, so none costs no query."""
    mine = CareNotice.objects.filter(user=OuterRef("pk"))
    return people.annotate(has_care_notices=Exists(mine))


def notices_for_export(reading: Reading) -> list[dict[str, Any]]:
    """Oldest first, in one query, each with the answer the person gave about the text it was
    about. `text` is the code of the check-in, run or check-up that holds the text, as it
    appears elsewhere in the same file."""
    if not reading.person.has_care_notices:
        return []
    notices = CareNotice.objects.filter(user=reading.person).order_by("raised_at", "pk")
    return [_notice(n) for n in notices]


def _notice(notice: CareNotice) -> dict[str, Any]:
    return {
        "code": notice.code,
        "source": notice.source,
        "source_in_words": SOURCES.get(notice.source, notice.source),
        "text": notice.text_code,
        "raised_at": notice.raised_at,
        # "yes", "not_sure", "no", or "" while unanswered.
        "answer": notice.answer,
        "answer_in_words": ANSWERS.get(notice.answer, ""),
        "answered_at": notice.answered_at,
        "ended_at": notice.ended_at,
    }
