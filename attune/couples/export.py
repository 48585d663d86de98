"""The couple's slice of a person's export (attune.privacy.export): the person's side only.

Their invitations, their links and the shares they made, as dates, codes and states; never the
partner's name, e-mail, check-ups or shares, which belong to the partner's own export.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet

from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.checkups.export import checkups_of
from attune.checkups.models import Checkup
from attune.couples.models import Invitation, Link


def with_couple(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query says whether there is any link or invitation, so none costs
    no query."""
    me = OuterRef("pk")
    return people.annotate(
        has_links=Exists(Link.objects.filter(Q(first=me) | Q(second=me))),
        has_invitations=Exists(Invitation.objects.filter(inviter=me)),
    )


def couple_for_export(reading: Reading) -> dict[str, Any]:
    person = reading.person
    checkups = {c.pk: c for c in checkups_of(reading)}
    links, shares = _links_and_shares(person, checkups) if person.has_links else ([], [])
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
        "links": links,
        "shares": sorted(shares, key=lambda share: share["shared_at"], reverse=True),
    }


def _links_and_shares(
    person: User, checkups: dict[int, Checkup]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A share lives on a link, so the person's links come with their shares in one query: a
    row per share of theirs, or one row for a link with none."""
    links: dict[str, dict[str, Any]] = {}
    shares = []
    for row in _rows(person, list(checkups)):
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
    return list(links.values()), shares


def _rows(person: User, checkup_ids: list[int]) -> list[dict[str, Any]]:
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
