"""Personal API tokens: one per person, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

TOKEN_PREFIX = "att_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """Only the person sees that they have a token; the raw token is shown once, then forgotten."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    @classmethod
    def issue(cls, user: models.Model) -> str:
        """Replace any earlier token with a new one; return the raw token."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        try:
            cls._replace(user, token)
        except IntegrityError:
            # Two sends at once: both deleted, then both made one. The later one wins.
            cls._replace(user, token)
        return token

    @classmethod
    def _replace(cls, user: models.Model, token: str) -> None:
        with transaction.atomic():
            cls.objects.filter(user=user).delete()
            cls.objects.create(user=user, token_hash=hash_token(token))
