"""Sharing a note by choice: only a calm note (tier 0), only with the linked partner, only while
neither is protected; withdrawn by its writer, by unlinking, or by a positive screen.

To the partner, a note that is not shown looks exactly like a note that was never shared.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from attune.accounts.crypto import decrypter
from attune.activities.models import Run, SharedRun
from attune.core.concepts import concepts
from attune.core.screen.tiers import Tier
from attune.couples.models import Link
from attune.safety.care import is_protected

SHOWN = 10


@dataclass(frozen=True)
class PartnerNote:
    """What the partner reads of a shared note: never when it was written or shared."""

    title: str
    text: str


def shareable(run: Run) -> bool:
    return bool(run.note) and run.note_tier == Tier.NONE


def set_sharing(run: Run, wanted: bool, link: Link | None) -> None:
    """Record the writer's choice; the note is shared only when it may be (see module)."""
    run.share_wanted = wanted and link is not None
    if run.share_wanted and shareable(run):
        if run.shared_in_id != link.pk:
            run.note_shared_at = timezone.now()
        run.shared_in = link
    else:
        run.shared_in = None
        run.note_shared_at = None


def shared_now(run: Run) -> bool:
    """Shared, in a link that is still active."""
    return run.note_shared and run.shared_in is not None and run.shared_in.active


def held_back(run: Run) -> bool:
    """The writer asked to share the note, and it was kept private for what it says."""
    return run.share_wanted and not run.note_shared and run.note_tier >= Tier.CHECK_IN


def withdraw(run: Run) -> None:
    run.share_wanted = False
    run.shared_in = None
    run.note_shared_at = None
    run.save(update_fields=["share_wanted", "shared_in", "note_shared_at", "updated_at"])


def from_partner(user, link: Link | None) -> list[PartnerNote]:
    """Notes the partner shared in this link. The caller passes the link only while couple
    activities are open to this person (access.open_link); a writer who needs care shows
    nothing, as if they had withdrawn every note (their shares are withdrawn when it happens;
    this is the same answer should the screen have changed without the signal)."""
    if link is None:
        return []
    partner = link.partner_of(user)
    runs = list(
        Run.objects.filter(
            user=partner, shared_in=link, note_tier=Tier.NONE, finished_at__isnull=False
        )
        .only("activity_id", "note", "note_shared_at", "user_id")
        .order_by("-note_shared_at")[:SHOWN]
    )
    if not runs or is_protected(partner):
        return []
    read = decrypter(partner.pk)
    activities = concepts().activities
    found = []
    for run in runs:
        text = read(run.note)
        if text:
            known = activities.get(run.activity_id)
            title = known.title if known else run.activity_id
            found.append(PartnerNote(title, text))
    return found


def protect_on_positive_screen(sender: object, user_id: int, **kwargs: object) -> None:
    """When the person needs care (attune.safety.care), every note they shared is withdrawn, as
    if they had withdrawn it: nothing comes back by itself later. Their runs for two are left
    as they are: the person no longer reaches them (access.open_link), and the partner goes on
    alone, exactly as when the other has stopped for now."""
    Run.objects.filter(user_id=user_id, shared_in__isnull=False).update(
        shared_in=None, note_shared_at=None, share_wanted=False
    )


def close_on_unlink(sender: object, instance: Link, **kwargs: object) -> None:
    """Link post_save: once the two unlink, their runs for two close for good, so a new link
    between the same two people never brings an old one back."""
    if instance.ended_at is None:
        return
    pair = [instance.first_id, instance.second_id]
    SharedRun.objects.filter(
        closed_at__isnull=True, started_by_id__in=pair, partner_id__in=pair
    ).update(closed_at=instance.ended_at)
