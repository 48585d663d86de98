"""The rules of couple mode in one place: who is linked, what is shared, who may see it.

Pages and the API both call these, so the two can never disagree. The safety rule lives here:
a person whose latest check-up has a positive safety screen shares nothing, and to their
partner that looks exactly like a person who has not shared yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from attune.checkups.models import Checkup
from attune.core.couple import CoupleReport, compare
from attune.couples.models import Invitation, Link, Notice, Share, hash_token
from attune.safety.care import is_protected

# The tier the free-text screen gives a note with crisis language (Checkup.note_tier).


class Refusal(StrEnum):
    """Why the rules refuse a request; the page and the API each explain it in their words."""

    UNKNOWN = "unknown"
    USED = "used"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    OWN = "own"
    YOU_LINKED = "you_linked"
    INVITER_LINKED = "inviter_linked"
    PAUSED = "paused"
    NOT_LINKED = "not_linked"
    NOT_SHAREABLE = "not_shareable"


class CoupleError(Exception):
    """A request the rules refuse; `kind` (a Refusal) names why."""

    def __init__(self, kind: Refusal) -> None:
        self.kind = kind
        super().__init__(kind)


def active_link(user) -> Link | None:
    return Link.objects.active().of(user).select_related("first", "second").first()


def can_share(checkup: Checkup) -> bool:
    return checkup.finished and not checkup.needs_care


@dataclass(frozen=True)
class CoupleState:
    """One person's view of their link: what they share and what their partner shares."""

    link: Link
    me: object
    partner: object
    protected: bool
    my_share: Share | None
    their_share: Share | None

    @property
    def ready(self) -> bool:
        return self.my_share is not None and self.their_share is not None


def couple_state(user, link: Link | None = None) -> CoupleState | None:
    link = link or active_link(user)
    if link is None or not link.active:
        return None
    partner = link.partner_of(user)
    protected = is_protected(user)
    shares = list(
        link.shares.filter(withdrawn_at__isnull=True)
        .select_related("checkup")
        .defer("checkup__note")
        .order_by("-shared_at")
    )
    mine = next((s for s in shares if s.checkup.user_id == user.pk), None)
    theirs = next((s for s in shares if s.checkup.user_id == partner.pk), None)
    # The partner's screen decides what of theirs may be shown; to this person a protected
    # partner is simply a partner who has not shared.
    if theirs is not None and is_protected(partner):
        theirs = None
    if protected:
        mine = None
    return CoupleState(link, user, partner, protected, mine, theirs)


def sign_scores(checkup: Checkup) -> dict[str, int | None]:
    """The only part of a check-up a partner ever sees: the five sign scores."""
    return {s.construct: s.score for s in checkup.report.signs}


def couple_report(state: CoupleState) -> CoupleReport | None:
    if not state.ready:
        return None
    mine, theirs = state.my_share.checkup, state.their_share.checkup
    days = abs((mine.finished_at - theirs.finished_at).days)
    return compare(sign_scores(mine), sign_scores(theirs), days)


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("inviter").filter(token_hash=hash_token(token)).first()


def invitation_problem(invitation: Invitation | None, user) -> Refusal | None:
    """Why this invitation cannot link this person now, or None when it can."""
    if invitation is None:
        return Refusal.UNKNOWN
    if invitation.used_at:
        return Refusal.USED
    if invitation.cancelled_at:
        return Refusal.CANCELLED
    if invitation.expired:
        return Refusal.EXPIRED
    if user is not None and user.is_authenticated:
        if user.pk == invitation.inviter_id:
            return Refusal.OWN
        if Link.objects.active().of(user).exists():
            return Refusal.YOU_LINKED
    if Link.objects.active().of(invitation.inviter).exists():
        return Refusal.INVITER_LINKED
    # Nobody who needs care is linked by any route. An inviter's open invitations are withdrawn
    # when that happens (protect_on_positive_screen); this is the same answer, just in case.
    if is_protected(invitation.inviter):
        return Refusal.CANCELLED
    if user is not None and user.is_authenticated and is_protected(user):
        return Refusal.PAUSED
    return None


def invite(user) -> tuple[Invitation, str]:
    if Link.objects.active().of(user).exists():
        raise CoupleError(Refusal.YOU_LINKED)
    # A person who needs care is not offered linking; no other way may link them either.
    if is_protected(user):
        raise CoupleError(Refusal.PAUSED)
    return Invitation.issue(user)


def cancel_invitation(invitation: Invitation) -> None:
    if invitation.pending:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])


def accept(token: str, user) -> Link:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(token_hash=hash_token(token))
            .select_related("inviter")
            .first()
        )
        # Lock both people, lowest id first, so two acceptances at once cannot both link.
        if invitation is not None:
            ids = sorted({invitation.inviter_id, user.pk})
            list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        problem = invitation_problem(invitation, user)
        if problem:
            raise CoupleError(problem)
        now = timezone.now()
        link = Link.objects.create(first=invitation.inviter, second=user)
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        # Linked now: any other open invitation of either person can no longer be used.
        Invitation.objects.pending().filter(Q(inviter=user) | Q(inviter=invitation.inviter)).update(
            cancelled_at=now
        )
    return link


def unlink(link: Link, by) -> object:
    """End the link at once; every share goes back to private. Returns the other partner."""
    other = link.partner_of(by)
    with transaction.atomic():
        now = timezone.now()
        link.shares.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        link.ended_at = now
        _stop_pulse_sharing(link.first_id, link.second_id)
        link.save(update_fields=["ended_at"])
        Notice.objects.update_or_create(user=other, defaults={"created_at": now})
    return other


def share(checkup: Checkup, user) -> tuple[Share, bool]:
    """Share a check-up's sign scores in the person's active link; one shared check-up at a time.

    Returns the share and whether it is new (so the partner is told only once).
    """
    link = active_link(user)
    if link is None:
        raise CoupleError(Refusal.NOT_LINKED)
    if not can_share(checkup) or is_protected(user):
        raise CoupleError(Refusal.NOT_SHAREABLE)
    with transaction.atomic():
        live = Share.objects.filter(link=link, checkup=checkup, withdrawn_at__isnull=True).first()
        if live is not None:
            return live, False
        now = timezone.now()
        Share.objects.filter(link=link, checkup__user=user, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        return Share.objects.create(checkup=checkup, link=link, shared_at=now), True


def protect_on_positive_screen(sender: object, user_id: int, **kwargs: object) -> None:
    """When the person needs care (attune.safety.care: a positive safety or crisis screen, even
    part-way through a check-up, or free text at tier 2), every live share of theirs is really
    withdrawn, exactly as if they had withdrawn it themself: nothing comes back by itself later,
    and no query count or e-mail differs from a plain withdrawal."""
    now = timezone.now()
    Share.objects.filter(checkup__user_id=user_id, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    # To the partner holding the link this looks exactly like the person withdrawing it.
    Invitation.objects.pending().filter(inviter_id=user_id).update(cancelled_at=now)
    _stop_pulse_sharing(user_id)


def _stop_pulse_sharing(*user_ids: int) -> None:
    """Pulse lines go back to private too, so a later partner never sees an old history."""
    from attune.progress.models import ProgressSettings

    ProgressSettings.objects.filter(user_id__in=user_ids).update(share_pulse=False)


def withdraw(checkup: Checkup) -> bool:
    return bool(
        Share.objects.filter(checkup=checkup, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
    )


def pending_notice(user) -> bool:
    return Notice.objects.filter(user=user).exists()


def dismiss_notice(user) -> None:
    Notice.objects.filter(user=user).delete()
