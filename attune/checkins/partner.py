"""What a partner may see of a person's check-in today, and withdrawing it on a positive screen.

The same rule as couple sharing (attune.couples.sharing): a person whose latest check-up needs
care shares nothing, and to their partner that looks exactly like a person who has not shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from attune.accounts.crypto import decrypt
from attune.checkins.models import NEEDS, Checkin, local_day
from attune.checkups.models import Checkup
from attune.core.screen.tiers import Tier
from attune.progress.models import ProgressSettings
from attune.safety.care import needs_care_now


@dataclass(frozen=True)
class PartnerRequest:
    """Today's shared check-in of one partner, as the other reads it. Nothing else of it."""

    name: str
    needs: tuple[str, ...]  # the words after "would like"; empty when not sure
    ideas: tuple[str, ...]
    shows_need: bool
    stress: int | None
    note: str

    @property
    def sentence(self) -> str:
        if not self.shows_need:
            return f"{self.name} checked in today."
        if not self.needs:
            return f"{self.name} checked in today and is not sure yet what would help."
        words = list(self.needs)
        joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        return f"{self.name} would like {joined} today."


def time_zone_of(user) -> str:
    """The person's time zone from their weekly rhythm; UTC until they choose one."""
    zone = ProgressSettings.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return zone or "UTC"


def _latest_checkup(user) -> Subquery:
    """The id of a person's latest finished check-up, as attune.safety.care.latest_needs_care
    picks it, for reading inside another query."""
    return Subquery(Checkup.objects.newest_first().filter(user=user).values("pk")[:1])


def partner_request(user) -> PartnerRequest | None:
    """The partner's request for today, or None: not linked, not shared, not today, or either
    of the two protected. One query when nothing is shared, two when something is."""
    found = (
        Checkin.objects.filter(Q(shared_link__first=user) | Q(shared_link__second=user))
        .filter(shared_link__ended_at__isnull=True)
        .filter(Q(share_need=True) | Q(share_stress=True))
        .exclude(user=user)
        # Their local today is within a day of UTC's; the exact check needs their own zone.
        .filter(day__gte=timezone.now().date() - timedelta(days=1))
        .select_related("user")
        .annotate(
            zone=Subquery(
                ProgressSettings.objects.filter(user=OuterRef("user")).values("time_zone")[:1]
            ),
            their_checkup=_latest_checkup(OuterRef("user")),
            my_checkup=_latest_checkup(user.pk),
        )
        .order_by("-day")
        .first()
    )
    if found is None or found.day != local_day(found.zone):
        return None
    # Either one protected: to the partner it looks exactly as if nothing was shared.
    partner = found.user
    latest = [pk for pk in (found.their_checkup, found.my_checkup) if pk is not None]
    checkups = (
        {c.pk: c for c in Checkup.objects.filter(pk__in=latest).defer("note", "own_words")}
        if latest
        else {}
    )
    mine = (getattr(user, "care_noted_at", None), getattr(user, "care_asked_at", None))
    if needs_care_now(
        checkups.get(found.their_checkup), partner.care_noted_at, partner.care_asked_at
    ) or needs_care_now(checkups.get(found.my_checkup), *mine):
        return None
    chosen = [need for need in NEEDS if need[0] in found.needs] if found.share_need else []
    note = ""
    if found.share_need and found.note_tier == Tier.NONE and found.note:
        note = decrypt(partner.pk, found.note)
    return PartnerRequest(
        name=partner.display_name or "Your partner",
        needs=tuple(need[2] for need in chosen),
        ideas=tuple(need[3] for need in chosen),
        shows_need=found.share_need,
        stress=found.stress if found.share_stress else None,
        note=note,
    )


def withdraw_on_positive_screen(sender: object, user_id: int, **kwargs: object) -> None:
    """When the person needs care (attune.safety.care), every check-in they shared is withdrawn
    for good, as attune.couples.sharing.protect_on_positive_screen withdraws their other shares."""
    Checkin.objects.filter(user_id=user_id).filter(
        Q(share_need=True) | Q(share_stress=True) | Q(shared_link__isnull=False)
    ).update(share_need=False, share_stress=False, shared_link=None)


def withdraw_on_unlink(sender: object, instance, **kwargs: object) -> None:
    """Link post_save: once the two unlink, every check-in shared in that link is private again,
    as every other share is (attune.couples.sharing.unlink); the same as after the other's
    account is deleted, which removes the link itself."""
    if instance.ended_at is not None:
        Checkin.objects.filter(shared_link=instance).update(
            share_need=False, share_stress=False, shared_link=None
        )
