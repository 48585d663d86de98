"""Site-wide records that belong to no one part of the product."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ReceivedWrite(models.Model):
    """The key of a write a phone sent (attune.web.offline.first_send), so a second send of it
    is dropped. Only a random key and a time: nothing of the person or of what they wrote."""

    key = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(default=timezone.now)
