"""Deleting a person for good: every record of them, their newsletter subscription, their key.

Called by the delete-account page (attune.privacy.views) and by `attune restore`, which deletes
again anyone an older backup brings back (attune.upkeep.backup)."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, transaction

from attune.accounts import ledger
from attune.accounts.crypto import KEYS_DB, destroy_key
from attune.accounts.models import Erasure, User
from attune.newsletter.sending import forget_address
from attune.toolkit.links import absolute_url


def _end_sessions(user: User) -> None:
    """Every session signed in as this person, on any device: each names its person
    (attune.accounts.models.Session), so one delete ends them all, however many there are."""
    from attune.accounts.models import Session

    Session.objects.filter(user=user).delete()


def _unlink_first(user: User) -> None:
    """A partner learns of a deletion exactly as of an unlink: the same neutral e-mail."""

    from attune.couples import emails, sharing

    link = sharing.active_link(user)
    if link is not None:
        other = sharing.unlink(link, user)
        emails.send("unlinked", other.email, {"url": absolute_url("couples-home")})


def erase(user: User, tell_partner: bool = True) -> None:
    """Remove the person and every record of them; check-ups and safety plan go by cascade.

    Their newsletter subscription (the same address) goes too, and its id from every task.
    `attune restore`, deleting again a person an older backup brings back, does not tell the
    partner a second time (tell_partner=False): the link goes with the person.

    The key goes last, inside the transaction: if destroying it fails, nothing is deleted, and
    the person can try again rather than be left with a key that outlives their account.
    """
    user_id = user.pk
    email = user.get_username()
    if tell_partner:
        _unlink_first(user)
    from attune.progress.pulses import withdraw_from_pool

    withdraw_from_pool(user)
    code = user.code
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        _end_sessions(user)
        for access in (AccessAttempt, AccessFailureLog, AccessLog):
            access.objects.filter(username__iexact=email).delete()
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user_id)
        ).delete()
        subscriptions = forget_address(email)
        user.delete()
        # The ledger and the key together, so a restored older backup deletes them again.
        with transaction.atomic(using=KEYS_DB):
            ledger.record(Erasure.USER, [code])
            ledger.record(Erasure.SUBSCRIBER, subscriptions)
            destroy_key(user_id)
