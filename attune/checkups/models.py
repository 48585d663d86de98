"""A person's check-up: the answers they gave, section by section, and their closing note."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils import timezone

from attune.accounts.codes import new_code
from attune.core.instruments import Instrument, get_instrument
from attune.core.report import Report, build_report
from attune.core.textscreen import RESOURCES


class CheckupQuerySet(models.QuerySet["Checkup"]):
    def finished(self) -> CheckupQuerySet:
        return self.filter(finished_at__isnull=False)

    def in_progress(self) -> CheckupQuerySet:
        return self.filter(finished_at__isnull=True)


class Checkup(models.Model):
    """Only the person who answered may see any of this; a partner never sees answers."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkups"
    )
    instrument_id = models.CharField(max_length=40, default="checkup")
    # The version answered: wording can change in later versions, answers keep their meaning.
    instrument_version = models.PositiveIntegerField()
    # Item id -> value (null when skipped). Only the person who answered.
    answers = models.JSONField(default=dict)
    # Sections the person has passed, so a resume lands on the next one.
    sections_done = models.PositiveSmallIntegerField(default=0)
    # "Anything else you want to note?", encrypted with the person's key. Only the person.
    note = models.BinaryField(default=b"", blank=True)
    # The tier the free-text screen gave the note (0, 1, 2). Only the person.
    note_tier = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = CheckupQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"])]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @cached_property
    def instrument(self) -> Instrument:
        return get_instrument(self.instrument_id, self.instrument_version)

    @cached_property
    def report(self) -> Report:
        return build_report(self.instrument, self.answers)

    def finish(self) -> None:
        self.finished_at = timezone.now()

    @property
    def note_in_crisis(self) -> bool:
        return self.note_tier >= RESOURCES

    @property
    def needs_care(self) -> bool:
        """A positive safety or crisis screen, in the answers or the note. Only ever used to
        protect this person: never shown, counted or hinted to anyone else."""
        return self.report.safety.positive or self.note_in_crisis


def latest_needs_care(user: object) -> bool:
    """Whether the person's latest finished check-up needs care (see Checkup.needs_care)."""
    latest = (
        Checkup.objects.finished().filter(user=user).defer("note").order_by("-finished_at").first()
    )
    return latest is not None and latest.needs_care
