"""Encrypting free text at rest with each person's own key (Fernet: AES-128-CBC and HMAC-SHA256)."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken

from attune.accounts.models import UserKey

KEYS_DB = "keys"


class KeyGone(Exception):
    """The person's key was destroyed: their text can no longer be read."""


def _key_for(user_id: int, create: bool = False) -> bytes:
    row = UserKey.objects.using(KEYS_DB).filter(user_id=user_id).first()
    if row is not None:
        return bytes(row.key)
    if not create:
        raise KeyGone(user_id)
    key = Fernet.generate_key()
    UserKey.objects.using(KEYS_DB).create(user_id=user_id, key=key)
    return key


def encrypt(user_id: int, text: str) -> bytes:
    if not text:
        return b""
    return Fernet(_key_for(user_id, create=True)).encrypt(text.encode("utf-8"))


def decrypter(user_id: int) -> Callable[[bytes | memoryview | None], str]:
    """A decrypt function for one person that reads their key once, on first need."""
    fernet: list[Fernet] = []

    def decrypt_one(token: bytes | memoryview | None) -> str:
        if not token:
            return ""
        if not fernet:
            fernet.append(Fernet(_key_for(user_id)))
        try:
            return fernet[0].decrypt(bytes(token)).decode("utf-8")
        except InvalidToken as exc:
            raise KeyGone(user_id) from exc

    return decrypt_one


def decrypt(user_id: int, token: bytes | memoryview | None) -> str:
    return decrypter(user_id)(token)


def destroy_key(user_id: int) -> None:
    UserKey.objects.using(KEYS_DB).filter(user_id=user_id).delete()
