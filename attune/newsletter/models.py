"""Subscribers, issues and deliveries. The newsletter holds no health data and reads no accounts."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """One e-mail address. Only the address, its status, dates and an unsubscribe token."""

    PENDING = "pending"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    STATUSES = [
        (PENDING, "Waiting for confirmation"),
        (ACTIVE, "Subscribed"),
        (UNSUBSCRIBED, "Unsubscribed"),
    ]

    # Who may see it: the operator in the admin, and the mail server that delivers to it.
    email = models.EmailField(max_length=254, unique=True)
    status = models.CharField(max_length=12, choices=STATUSES, default=PENDING)
    # The key in every unsubscribe link: random, so links cannot be guessed or enumerated.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # When the last confirmation e-mail went out, so a form cannot flood one inbox.
    asked_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.email

    def confirm(self) -> None:
        self.status = self.ACTIVE
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None

    def unsubscribe(self) -> None:
        if self.status != self.UNSUBSCRIBED:
            self.status = self.UNSUBSCRIBED
            self.unsubscribed_at = timezone.now()

    def may_ask(self, cooldown: timedelta) -> bool:
        """Whether a confirmation e-mail may go out now (one per cooldown per address)."""
        return self.asked_at is None or timezone.now() - self.asked_at >= cooldown


class Issue(models.Model):
    """One week's digest, frozen when first built so a resumed send sends the same words."""

    number = models.PositiveIntegerField(unique=True)
    week = models.CharField(max_length=8, unique=True, help_text="ISO week, like 2025-W48")
    subject = models.CharField(max_length=200)
    # The digest itself; each e-mail wraps it with that subscriber's unsubscribe link.
    text = models.TextField()
    html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"No. {self.number} ({self.week})"


class Delivery(models.Model):
    """One issue to one subscriber: claimed before the e-mail goes out, marked sent after."""

    CLAIMED, SENT, UNSURE = "claimed", "sent", "unsure"
    SETTLED = (SENT, UNSURE)

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    # claimed while sending; unsure when the sender died and the mail system cannot say.
    state = models.CharField(max_length=8, default=CLAIMED)
    message_id = models.CharField(max_length=200, blank=True, default="")
    # The worker that holds the claim while it sends (empty when sent outside a worker).
    claimed_by = models.CharField(max_length=64, blank=True, default="")
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_issue")
        ]
        verbose_name_plural = "deliveries"
