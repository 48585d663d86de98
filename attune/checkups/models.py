"""A person's check-up: the answers they gave, section by section, and their closing note."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from attune.accounts.codes import new_code
from attune.core.instruments import Instrument, get_instrument
from attune.core.report import Report, build_report
from attune.core.screen.tiers import Tier


class CheckupQuerySet(models.QuerySet["Checkup"]):
    def finished(self) -> CheckupQuerySet:
        return self.filter(finished_at__isnull=False)

    def in_progress(self) -> CheckupQuerySet:
        return self.filter(finished_at__isnull=True)

    def newest_first(self) -> CheckupQuerySet:
        """Finished check-ups, the latest first. Two finished in the same instant come newest
        row first, on every database: "the latest check-up" is one and the same wherever it
        is picked (the care rule, the partner's request, Next up, the home page)."""
        return self.finished().order_by("-finished_at", "-id")


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
    # "In your own words, what is going on?", encrypted with the person's key. Only the person;
    # nothing read from it ever reaches a partner.
    own_words = models.BinaryField(default=b"", blank=True)
    # The tier the free-text screen gave the person's own words (0, 1, 2). Only the person.
    own_words_tier = models.PositiveSmallIntegerField(default=0)
    # The signs the own words sounded like, as offered: [{"id", "score", "confirmed"}], where
    # confirmed is true, false (not really) or null (not answered). Only the person.
    own_words_signs = models.JSONField(default=list, blank=True)
    # Whether the own-words step has been passed (written or skipped), so a resume goes on.
    own_words_seen = models.BooleanField(default=False)
    # Whether any free text of this check-up (own words or note) was read as abuse at tier 2,
    # so the report keeps to steps for one person. Only the person.
    text_abuse = models.BooleanField(default=False)
    # Whether the person said that what the screen flagged in this check-up's free text was not
    # about their safety, or ended the protection it raised themself (attune.safety.notices):
    # then the text no longer makes the check-up need care. Only the person.
    text_care_ended = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = CheckupQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["user", "-started_at"])]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # Every change is also stamped on the person, which every signed-in request reads anyway:
        # a kept report page (views_report.report) is served only while the stamp is unchanged.
        from attune.accounts.models import User

        User.objects.filter(pk=self.user_id).update(checkups_changed_at=timezone.now())

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
        """Whether any free text of this check-up (the closing note or the person's own words)
        was screened at tier 2: people to talk to come first, and the person is protected."""
        return max(self.note_tier, self.own_words_tier) >= Tier.RESOURCES

    @property
    def confirmed_signs(self) -> list[str]:
        """The signs the person said yes to, from what their own words sounded like."""
        return [s["id"] for s in self.own_words_signs if s.get("confirmed") is True]

    @property
    def needs_care(self) -> bool:
        """A positive safety or crisis screen, in the answers, or in the note or own words unless
        the person said it was not about their safety. Only ever used to protect this person:
        never shown, counted or hinted to anyone else."""
        return self.report.safety.positive or (self.note_in_crisis and not self.text_care_ended)
