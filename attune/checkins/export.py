"""A person's check-ins for their own export (attune.privacy.export): every one, decrypted."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.checkins.models import NEEDS, Checkin

LABELS = {need: label for need, label, _, _ in NEEDS}


def with_checkins(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query says whether there is any check-in, so none costs no query."""
    return people.annotate(has_checkins=Exists(Checkin.objects.filter(user=OuterRef("pk"))))


def checkins_for_export(reading: Reading) -> list[dict[str, Any]]:
    """Oldest first, in one query. The link a share was made in is left out: it is the couple's."""
    if not reading.person.has_checkins:
        return []
    return [
        {
            "code": c.code,
            "day": c.day,
            "stress": c.stress,
            "needs": [{"id": need, "label": LABELS.get(need, need)} for need in c.needs],
            "note": reading.decrypt(c.note),
            # What the safety check made of the line (0, 1, 2): the export's free_text_tiers.
            "note_tier": c.note_tier,
            "shared_need": c.share_need,
            "shared_stress": c.share_stress,
            "created_at": c.created_at,
            "updated_at": c.updated_at,
        }
        for c in Checkin.objects.filter(user=reading.person).order_by("day")
    ]
