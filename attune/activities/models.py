"""A run: one person going through one activity, step by step, with a private note at the end."""

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


class Run(models.Model):
    """Only the person who started the run may see any of it; a partner never sees it."""

    SOLO = "solo"
    TOGETHER = "together"
    MODES = [(SOLO, "On my own"), (TOGETHER, "Together on one device")]

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
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
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
