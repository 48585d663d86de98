"""Invitations, links between two partners, and shares of a check-up's sign scores."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from attune.accounts.codes import new_code

INVITATION_DAYS = 7


def hash_token(token: str) -> str:
    """Only this hash is stored: a copy of the database cannot be turned back into a link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _expiry() -> datetime:
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """Seen by the inviter, and by whoever holds the link (only the inviter's name)."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_expiry)
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    @classmethod
    def issue(cls, inviter: models.Model) -> tuple[Invitation, str]:
        """A new invitation and its raw token, which is never stored and shown only once."""
        token = secrets.token_urlsafe(32)
        return cls.objects.create(inviter=inviter, token_hash=hash_token(token)), token

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def pending(self) -> bool:
        return self.used_at is None and self.cancelled_at is None and not self.expired

    @property
    def state(self) -> str:
        if self.used_at:
            return "used"
        if self.cancelled_at:
            return "cancelled"
        return "expired" if self.expired else "pending"


class LinkQuerySet(models.QuerySet["Link"]):
    def active(self) -> LinkQuerySet:
        return self.filter(ended_at__isnull=True)

    def of(self, user: models.Model) -> LinkQuerySet:
        return self.filter(Q(first=user) | Q(second=user))


class Link(models.Model):
    """Two partners. Both may see that the link exists; nothing else is shared by it alone."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One active link per person, whichever side they are on (the code checks the
            # cross case, first in one link and second in another, inside a transaction).
            models.UniqueConstraint(
                fields=["first"], condition=Q(ended_at__isnull=True), name="one_link_first"
            ),
            models.UniqueConstraint(
                fields=["second"], condition=Q(ended_at__isnull=True), name="one_link_second"
            ),
        ]

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def partner_of(self, user: models.Model) -> models.Model:
        return self.second if self.first_id == user.pk else self.first


class Notice(models.Model):
    """A neutral "you are no longer linked" for the partner who did not end a link, until they
    dismiss it. An unlink and the other's account deletion leave the same one, naming nobody and
    no date, so the partner cannot tell the two apart. Only that partner sees it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


class Share(models.Model):
    """A check-up's five sign scores and bands, shown to the partner of one link. Nothing else."""

    checkup = models.ForeignKey("checkups.Checkup", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="shares")
    shared_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkup"], condition=Q(withdrawn_at__isnull=True), name="one_live_share"
            ),
        ]
