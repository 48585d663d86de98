"""The private safety plan (only its writer can ever see it, encrypted at rest), and the private
notice that free text at help first brings."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from attune.accounts.codes import new_code


class SafetyPlan(models.Model):
    """Only the person who wrote it. Never a partner, in any form, not even its existence."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    # Each field is text encrypted with the writer's key. Only the writer.
    warning_signs = models.BinaryField(default=b"", blank=True)
    people = models.BinaryField(default=b"", blank=True)
    safe_places = models.BinaryField(default=b"", blank=True)
    documents = models.BinaryField(default=b"", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS = ("warning_signs", "people", "safe_places", "documents")


class CareNotice(models.Model):
    """Free text of the person's that the screen put at help first, and their answer to the one
    private question it brings. Only the person, never a partner, not even its existence."""

    CHECKIN = "checkin"
    ACTIVITY_NOTE = "activity_note"
    CHECKUP_NOTE = "checkup_note"
    OWN_WORDS = "own_words"
    SOURCES = [
        (CHECKIN, "a daily check-in line"),
        (ACTIVITY_NOTE, "a note at the end of an activity"),
        (CHECKUP_NOTE, "the note at the end of a check-up"),
        (OWN_WORDS, "in your own words, at the start of a check-up"),
    ]
    YES = "yes"
    NOT_SURE = "not_sure"
    NO = "no"
    ANSWERS = [
        (YES, "Yes"),
        (NOT_SURE, "Not sure"),
        (NO, "No, that's not what I meant"),
    ]

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_notices"
    )
    # Which box the text was written in, and the public code of the check-in, run or check-up
    # that holds it. Only the person.
    source = models.CharField(max_length=16, choices=SOURCES)
    text_code = models.CharField(max_length=24)
    raised_at = models.DateTimeField(default=timezone.now)
    # Their answer: blank until they give one. Only the person.
    answer = models.CharField(max_length=8, choices=ANSWERS, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # When the person ended the protection this raised, themself. Only the person.
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source", "text_code"], name="one_notice_a_text"
            )
        ]

    @property
    def waiting(self) -> bool:
        """The question is still open: the person is protected, nothing is withdrawn yet."""
        return not self.answer and self.ended_at is None

    @property
    def protects(self) -> bool:
        """Yes, not sure, or not answered yet, and not ended by the person."""
        return self.answer != self.NO and self.ended_at is None
