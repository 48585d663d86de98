"""A run: one person going through one activity, step by step, with a private note at the end.

Each on their own phone, two partners' runs point at one SharedRun: the step both screens show.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from attune.accounts.codes import new_code


class RunQuerySet(models.QuerySet["Run"]):
    def finished(self) -> RunQuerySet:
        return self.filter(finished_at__isnull=False)

    def in_progress(self) -> RunQuerySet:
        return self.filter(finished_at__isnull=True)


class SharedRun(models.Model):
    """Where two partners, each on their own phone, have got to. Only those two may reach it,
    only while they are linked, and never a person who needs care (see access.shared_open)."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    activity_id = models.CharField(max_length=60)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The partner linked when it started; they join with a POST.
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The same fields as a Run's, shared by both screens. Only these two people.
    step = models.PositiveSmallIntegerField(default=0)
    chosen_deck = models.CharField(max_length=60, blank=True, default="")
    deck_position = models.JSONField(default=dict)
    favourites = models.JSONField(default=list)
    # Bumped on every change; the screens poll it (one query) to know when to catch up.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    # Set when the two unlink: nothing of it is offered again, even if they link again.
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.activity_id} for two ({self.code})"

    def people(self) -> set[int]:
        return {self.started_by_id, self.partner_id}


class Run(models.Model):
    """Only the person who started the run may see any of it; a partner never sees it, except
    a note its writer chose to share (see notes.py)."""

    SOLO = "solo"
    TOGETHER = "together"
    APART = "apart"
    MODES = [
        (SOLO, "On my own"),
        (TOGETHER, "Together on one device"),
        (APART, "Each on our own phone"),
    ]

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runs"
    )
    activity_id = models.CharField(max_length=60)
    mode = models.CharField(max_length=10, choices=MODES, default=SOLO)
    # Index into the activity's steps; equal to their count once the steps are all done.
    step = models.PositiveSmallIntegerField(default=0)
    # The two names typed at the start of a together run, encrypted, one a line. Only the person.
    names = models.BinaryField(default=b"", blank=True)
    # The deck chosen on a step that lets people choose one (empty when none is chosen).
    chosen_deck = models.CharField(max_length=60, blank=True, default="")
    # Where a deck step has got to, per deck id: [set index, prompt index]. Only the person.
    deck_position = models.JSONField(default=dict)
    # Prompts marked as favourites, as "deck:set:prompt". Only the person.
    favourites = models.JSONField(default=list)
    # "Did this help?", 1 to 5, or null when not answered. Only the person, for their history.
    helped = models.PositiveSmallIntegerField(null=True, blank=True)
    # The optional private note, encrypted with the person's key. Only the person.
    note = models.BinaryField(default=b"", blank=True)
    # The tier the free-text screen gave the note (0, 1, 2). Only the person.
    note_tier = models.PositiveSmallIntegerField(default=0)
    # Whether the writer ticked "Share this note with my partner". Only the person.
    share_wanted = models.BooleanField(default=False)
    # The link the note is shared in: the partner of that link may read it while the link is
    # active, neither is protected and the note's tier is 0. Null when private.
    shared_in = models.ForeignKey(
        "couples.Link", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note_shared_at = models.DateTimeField(null=True, blank=True)
    # The shared state of a run each on their own phone; null in the other modes.
    shared = models.ForeignKey(
        SharedRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            models.Index(fields=["user", "finished_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} ({self.code})"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def together(self) -> bool:
        return self.mode == self.TOGETHER

    @property
    def apart(self) -> bool:
        return self.mode == self.APART and self.shared_id is not None

    @property
    def note_shared(self) -> bool:
        return self.shared_in_id is not None
