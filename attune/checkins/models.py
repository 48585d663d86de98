"""A person's daily check-in: how stressed they are today and what they need."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from attune.accounts.codes import new_code

# What a person can ask for, in the order the form lists them: (id, the form's label, the words
# a partner reads after "would like", one idea for the partner).
NEEDS = (
    ("listen", "To be listened to", "to be listened to", "Ask about their day; listen, no fixing."),
    ("help", "Practical help", "some practical help", "Ask which one thing would help most."),
    ("space", "Some space", "some space", "Give them room, and let them know you are there."),
    ("closeness", "Some closeness", "some closeness", "A hug, a walk, or time side by side."),
)
NEED_IDS = tuple(need[0] for need in NEEDS)
STRESS_MAX = 10
NOTE_MAX = 300
HISTORY_DAYS = 14


def local_day(time_zone: str, now: datetime | None = None) -> date:
    """Today in the person's own time zone (their weekly rhythm's), so a day ends at midnight."""
    try:
        zone = ZoneInfo(time_zone or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return (now or timezone.now()).astimezone(zone).date()


class Checkin(models.Model):
    """One day's check-in. Only the person sees all of it; their partner sees only what the
    person chose to share that day, in the link it was shared in (attune.checkins.partner)."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    # No index of its own: the (user, day) constraint's index starts with the user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The person's local date: one check-in a day, a second one that day replaces it.
    day = models.DateField()
    # 0 (calm) to 10. Only the person; their partner only when share_stress.
    stress = models.PositiveSmallIntegerField()
    # Need ids from NEEDS; empty when not sure. Only the person; their partner when share_need.
    needs = models.JSONField(default=list, blank=True)
    # A short line for the partner, encrypted with the person's key. Only the person; their
    # partner only when share_need and the free-text screen found nothing (note_tier 0).
    note = models.BinaryField(default=b"", blank=True)
    # The tier the free-text screen gave the note (0, 1, 2). Only the person.
    note_tier = models.PositiveSmallIntegerField(default=0)
    share_need = models.BooleanField(default=False)
    share_stress = models.BooleanField(default=False)
    # The link the share was made in: a later or former partner never sees it.
    shared_link = models.ForeignKey(
        "couples.Link", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_checkin_a_day"),
        ]

    @property
    def shared(self) -> bool:
        return self.shared_link_id is not None and (self.share_need or self.share_stress)

    @property
    def need_labels(self) -> list[str]:
        return [label for need, label, _, _ in NEEDS if need in self.needs]
