"""A person's slice of their export (attune.privacy.export): their places in counsellors'
spaces, and, for a counsellor, their practice and spaces. In one query, whatever they hold.

A client's export names the practice but never the counsellor's own label for the space (the
counsellor's working note), nor anyone else who joined it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet

from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.counsellors.models import Client, Space

KINDS = ("share_scores", "share_items", "share_pulse", "share_activities", "share_stress")
PLACE_FIELDS = (
    "code",
    "joined_at",
    "left_at",
    "wants_safety_talk",
    "chosen_checkups",
    "chosen_notes",
)


def with_spaces(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query joins in the person's practice, if they are a counsellor, and
    says whether they have a place in anyone's space, so neither costs a query of its own."""
    places = Client.objects.filter(user=OuterRef("pk"))
    return people.select_related("counsellor").annotate(has_counsellor_places=Exists(places))


def counsellors_for_export(reading: Reading) -> dict[str, Any]:
    counsellor = reading.joined("counsellor")
    if counsellor is None and not reading.person.has_counsellor_places:
        return {"as_counsellor": None, "as_client": []}
    return _spaces_and_places(reading.person, counsellor)


def _spaces_and_places(person: User, counsellor) -> dict[str, Any]:
    """`counsellor` is the person's Counsellor row, or None."""
    mine = Q(clients__user=person)
    rows = (
        Space.objects.annotate(mine=FilteredRelation("clients", condition=mine))
        .filter(Q(counsellor__user=person) | Q(mine__isnull=False))
        .select_related("counsellor")
        .annotate(**{f"place_{name}": F(f"mine__{name}") for name in (*PLACE_FIELDS, *KINDS)})
        .order_by("created_at", "pk")
    )
    spaces, places = [], []
    for row in rows:
        if counsellor is not None and row.counsellor_id == counsellor.pk:
            spaces.append(
                {
                    "label": row.label,
                    "code": row.code,
                    "join_code": row.shown_join_code,
                    "created_at": row.created_at,
                    "closed_at": row.closed_at,
                    "homework": list(row.homework),
                }
            )
        if row.place_code is not None:
            places.append(
                {
                    "practice": row.counsellor.practice,
                    "place": row.place_code,
                    "joined_at": row.place_joined_at,
                    "left_at": row.place_left_at,
                    "sharing": {kind: getattr(row, f"place_{kind}") for kind in KINDS},
                    "wants_safety_talk": row.place_wants_safety_talk,
                    "checkups": list(row.place_chosen_checkups or ()),
                    "notes": list(row.place_chosen_notes or ()),
                }
            )
    return {
        "as_counsellor": (
            {"practice": counsellor.practice, "created_at": counsellor.created_at, "spaces": spaces}
            if counsellor is not None
            else None
        ),
        "as_client": places,
    }
