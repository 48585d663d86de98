"""The toolkit's one record, which belongs to no one part of the product."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ReceivedWrite(models.Model):
    """The key of a write a phone sent (attune.toolkit.offline.first_send), so a second send of it
    is dropped. Only a random key and a time: nothing of the person or of what they wrote."""

    key = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table kept its name when the model moved here from the site's root app.
        db_table = "web_receivedwrite"
