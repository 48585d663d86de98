"""A person's account and settings, and the per-user key that encrypts their free text."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone

from attune.accounts.codes import new_code

SESSION_TIMEOUTS = [
    (15, "15 minutes"),
    (60, "1 hour"),
    (24 * 60, "1 day"),
    (14 * 24 * 60, "2 weeks"),
]
DEFAULT_SESSION_MINUTES = 60


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Only the person themself (and an operator's database) ever sees these fields."""

    code = models.CharField(max_length=24, unique=True, default=new_code, editable=False)
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=60, blank=True)
    # Picks the help lines shown; blank means the international directory.
    country = models.CharField(max_length=2, blank=True)
    # Neutral tab title and icon on every page.
    discreet = models.BooleanField(default=False)
    session_minutes = models.PositiveIntegerField(
        choices=SESSION_TIMEOUTS, default=DEFAULT_SESSION_MINUTES
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # When something the person answered or wrote last showed they need care (a check-up, even
    # unfinished, or free text elsewhere: attune.safety.care). Only ever used to protect this
    # person; never shown, counted or hinted to anyone else. Written only by its own update.
    care_noted_at = models.DateTimeField(null=True, blank=True)
    # While free text of theirs that the screen put at help first waits for their answer to the
    # one private question (attune.safety.notices): they are protected meanwhile, nothing is
    # withdrawn yet. Only ever used to protect this person. Written only by its own update.
    care_asked_at = models.DateTimeField(null=True, blank=True)
    # When any of the person's check-ups last changed (attune.checkups.models.Checkup.save):
    # read with the session at no cost, it tells a kept report page apart from a stale one.
    checkups_changed_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.display_name or self.email

    # Written only by an update of their own (attune.safety.care, Checkup.save): a full save of a
    # copy loaded earlier in some other request must never put back an older value.
    WRITTEN_APART = ("care_noted_at", "care_asked_at", "checkups_changed_at")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.WRITTEN_APART
            ]
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class Session(AbstractBaseSession):
    """A sign-in session, kept in the database as Django keeps them, with the person it signs in.

    The person's column lets one query read the session and the person together (every signed-in
    page starts with that), and deleting an account ends all of its sessions on every device.
    """

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from attune.accounts.sessions import SessionStore

        return SessionStore


class UserKey(models.Model):
    """The key that encrypts one person's free text. Lives in the separate "keys" database,
    never in the main one, so a copy of the main database alone cannot be read; deleting the
    account deletes this row, and with it every way to read that person's text.
    """

    # A plain integer, not a foreign key: the two live in different databases.
    user_id = models.BigIntegerField(unique=True)
    key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class Erasure(models.Model):
    """A deletion, kept as a digest only: what `attune restore` deletes again from older backups.

    Lives beside the keys, in the "keys" database, so restoring an older main database cannot
    bring a deleted person (or their newsletter subscription) back. It holds a SHA-256 of the
    row's random public code (a person's code, a subscriber's token), never an address, a name or
    the code itself, and no id a later row could be given again.
    """

    USER, SUBSCRIBER = "user", "subscriber"

    kind = models.CharField(max_length=16)
    digest = models.CharField(max_length=64)
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "digest"], name="one_erasure")]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:12]}"
