"""Counsellors, the spaces they open for a couple or one person, and what each client chose.

A counsellor sees a client's data only through the client's own choices below, one kind at a
time; joining a space shares nothing by itself, and leaving it ends the counsellor's access at
once and clears every choice. The safety screen and crisis answers are never among the kinds.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from attune.accounts.codes import new_code

# A join code is short enough to read out in a session: no 0/O, 1/I/L.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_LENGTH = 8
# A couple, or one person.
CLIENTS_PER_SPACE = 2


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))


def tidy_join_code(text: str) -> str:
    """What a person typed, as a stored code: spaces, dashes and case do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Counsellor(models.Model):
    """Made by an operator (`attune counsellor add`, or the admin); seen by the counsellor."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor"
    )
    practice = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user.email} ({self.practice})"


class SpaceQuerySet(models.QuerySet["Space"]):
    def open(self) -> SpaceQuerySet:
        return self.filter(closed_at__isnull=True)


class Space(models.Model):
    """A between-sessions space for one couple or one person. Seen by its counsellor; a client
    sees only the practice's name, never who else joined."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    join_code = models.CharField(max_length=JOIN_LENGTH, unique=True, default=new_join_code)
    counsellor = models.ForeignKey(Counsellor, on_delete=models.CASCADE, related_name="spaces")
    # The counsellor's own name for it, for their list; clients never see it.
    label = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Homework: the activities the counsellor suggests to everyone in the space, as
    # [{"activity": id, "at": ISO time}], oldest first; withdrawing one takes it out.
    homework = models.JSONField(default=list, blank=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["label", "created_at", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def shown_join_code(self) -> str:
        return f"{self.join_code[:4]}-{self.join_code[4:]}"


class ClientQuerySet(models.QuerySet["Client"]):
    def current(self) -> ClientQuerySet:
        return self.filter(left_at__isnull=True, space__closed_at__isnull=True)


class Client(models.Model):
    """One person in a space, with what they chose to let the counsellor see. Only that person
    and the space's counsellor see it; the other partner never does."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="clients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor_spaces"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    # Each kind is off until the person turns it on, and all go off when they leave.
    share_scores = models.BooleanField(default=False)
    share_items = models.BooleanField(default=False)
    share_pulse = models.BooleanField(default=False)
    share_activities = models.BooleanField(default=False)
    share_stress = models.BooleanField(default=False)
    # "I would like to talk about safety on my own": shown only on this person's own page.
    wants_safety_talk = models.BooleanField(default=False)
    # The public codes of the check-ups and of the activity notes chosen one by one. Read only
    # through the person's own rows, so a code of anything not theirs never shows anything.
    chosen_checkups = models.JSONField(default=list, blank=True)
    chosen_notes = models.JSONField(default=list, blank=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user"],
                condition=Q(left_at__isnull=True),
                name="one_current_place_per_space",
            )
        ]

    @property
    def current(self) -> bool:
        return self.left_at is None and self.space.closed_at is None
