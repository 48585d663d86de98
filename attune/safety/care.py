"""One signal for "this person needs care now", whatever raised it.

A positive safety or crisis answer in a check-up (finished or not), or free text (a check-up's
note or own words, an activity note, a daily check-in line) at help first that its writer says
is, or may be, about their safety (attune.safety.notices), means the same thing for sharing:
everything the person shares with a partner is withdrawn for good, invitations they made are
withdrawn, runs for two close, and the partner's pages look exactly as if the person had simply
not shared. Each app that shares something listens to `needs_care` and withdraws its own.

The moment is remembered as `User.care_noted_at`: it keeps the person protected until they
finish a newer check-up that needs no care (is_protected, below), or, when only
free text raised it, until they end it themself; so an unfinished check-up or a note protects
as surely as a finished check-up. It is never shown, counted or hinted to anyone else.

The private safety plan is the one free text that does not raise this: it is written to plan
for danger, so naming danger there is expected, and it is never shared with anyone anyway."""

from __future__ import annotations

from datetime import datetime

from django.dispatch import Signal
from django.utils import timezone

from attune.checkups.models import Checkup
from attune.core.screen.tiers import Tier

# Sent with user_id when something the person answered or wrote needs care.
needs_care = Signal()
# Who hears it, each connected in its own app's apps.py (tests/safety/test_listeners.py keeps
# this list true): shares of check-ups and pulses, notes of runs and runs for two, check-ins.
NEEDS_CARE_LISTENERS = (
    "attune.couples.sharing.protect_on_positive_screen",
    "attune.activities.notes.protect_on_positive_screen",
    "attune.checkins.partner.withdraw_on_positive_screen",
)


def checkup_needs_care(sender: object, checkup, **kwargs: object) -> None:
    """checkup_saved handler: a positive safety or crisis answer, even part-way through a
    check-up. Its free text is handed in apart (attune.safety.freetext), as all free text is."""
    if checkup.report.safety.positive:
        noted(checkup.user_id)


def written(user, tier: int) -> None:
    """Free text at help first from a person whose check-up answers need care already: it
    protects at once, with no question (attune.safety.freetext)."""
    if tier >= Tier.RESOURCES:
        user.care_noted_at = noted(user.pk)


def noted(user_id: int):
    """Remember that the person needs care now, and tell every part that shares something."""
    from attune.accounts.models import User

    now = timezone.now()
    User.objects.filter(pk=user_id).update(care_noted_at=now)
    needs_care.send(sender=User, user_id=user_id)
    return now


# ---- who is protected: the one rule every part asks ----


def latest_needs_care(
    user: object, care_noted_at: datetime | None = None, care_asked_at: datetime | None = None
) -> bool:
    """Whether the person's latest finished check-up needs care (see Checkup.needs_care), or
    something they answered or wrote after it (or before any) did: care_noted_at, the moment
    noted() last recorded (an unfinished check-up, an activity note, a check-in);
    or free text of theirs waits for their answer to the private question (care_asked_at)."""
    if care_asked_at is not None:
        return True
    latest = Checkup.objects.newest_first().filter(user=user).defer("note", "own_words").first()
    return needs_care_now(latest, care_noted_at)


def is_protected(user) -> bool:
    """Whether the person needs care: their latest finished check-up does, or something they
    answered or wrote since it (or before any) did (care_noted_at). Their sharing stops.
    The one definition every part uses, for the person and for their partner alike."""
    return latest_needs_care(
        user,
        care_noted_at=getattr(user, "care_noted_at", None),
        care_asked_at=getattr(user, "care_asked_at", None),
    )


def needs_care_now(
    latest: Checkup | None, care_noted_at: datetime | None, care_asked_at: datetime | None = None
) -> bool:
    """The rule itself, given the person's latest finished check-up (or None), the moment care
    was last noted, and whether a question waits: for callers that already hold all three. A
    waiting question protects whatever check-up comes later, so that nothing hidden meanwhile
    comes back by itself."""
    if care_asked_at is not None:
        return True
    if latest is None:
        return care_noted_at is not None
    return latest.needs_care or (care_noted_at is not None and care_noted_at > latest.finished_at)
