"""The private safety plan: only its writer can ever see it, and it is encrypted at rest."""

from django.conf import settings
from django.db import models


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
