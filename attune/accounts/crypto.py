"""Encrypting free text at rest with each person's own key (Fernet: AES-128-CBC and HMAC-SHA256)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken
from django.db import IntegrityError, transaction

from attune.accounts.models import UserKey

KEYS_DB = "keys"
log = logging.getLogger(__name__)


class Unreadable(str):
    """Text that was written but cannot be read now: its key was destroyed, or is missing (a
    keys database restored from before the key was made), or is a newer one made since.

    It stands in as empty text, so a form or a page built from it simply shows nothing, and a
    caller that must say so asks `unreadable(text)`.
    """


UNREADABLE = Unreadable("")
UNREADABLE_NOTICE = (
    "Something you wrote here before can no longer be read, so it is not shown. "
    "Anything you write now is saved as usual."
)


def unreadable(text: str) -> bool:
    return isinstance(text, Unreadable)


def tell_if_unreadable(request, *texts: str) -> None:
    """Say so, in plain words on the page, when any of the person's own texts is unreadable."""
    if any(map(unreadable, texts)):
        from django.contrib import messages

        messages.info(request, UNREADABLE_NOTICE)


def _key_for(user_id: int, create: bool = False) -> bytes | None:
    row = UserKey.objects.using(KEYS_DB).filter(user_id=user_id).first()
    if row is not None:
        return bytes(row.key)
    if not create:
        return None
    key = Fernet.generate_key()
    try:
        with transaction.atomic(using=KEYS_DB):
            UserKey.objects.using(KEYS_DB).create(user_id=user_id, key=key)
    except IntegrityError:
        # Two first texts saved at once: both use the key that was made first.
        return bytes(UserKey.objects.using(KEYS_DB).get(user_id=user_id).key)
    return key


def encrypt(user_id: int, text: str) -> bytes:
    """Lock `text` with the person's key, made now if they have none (a first text, or a key
    that went missing: then their new writing is readable again, their older is not)."""
    if not text:
        return b""
    key = _key_for(user_id, create=True)
    assert key is not None
    return Fernet(key).encrypt(text.encode("utf-8"))


def decrypter(user_id: int) -> Callable[[bytes | memoryview | None], str]:
    """A decrypt function for one person that reads their key once, on first need.

    Text its key cannot open comes back as UNREADABLE, never an error: the person's pages and
    export keep working, and say in plain words what can no longer be read.
    """
    fernet: list[Fernet | None] = []
    warned: list[bool] = []

    def gone(why: str) -> str:
        # Once per reading: the operator learns a keys database is older than the main one.
        if not warned:
            warned.append(True)
            log.warning("person %s has text that cannot be read: %s", user_id, why)
        return UNREADABLE

    def decrypt_one(token: bytes | memoryview | None) -> str:
        if not token:
            return ""
        if not fernet:
            key = _key_for(user_id)
            fernet.append(Fernet(key) if key is not None else None)
        if fernet[0] is None:
            return gone("no key in the keys database")
        try:
            return fernet[0].decrypt(bytes(token)).decode("utf-8")
        except InvalidToken:
            return gone("locked with a key that is no longer there")

    return decrypt_one


def decrypt(user_id: int, token: bytes | memoryview | None) -> str:
    return decrypter(user_id)(token)


def destroy_key(user_id: int) -> None:
    UserKey.objects.using(KEYS_DB).filter(user_id=user_id).delete()
