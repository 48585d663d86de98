"""Keeping two phones in step: a signed poll token, and the one-query version check.

The poll is asked every second by each screen, so it must cost one query and nothing more: it
is authenticated by the signed token in its URL, not by the session (the page's script sends
no cookies, so no session or person is loaded, and polling never keeps a session alive).
"""

from __future__ import annotations

from django.core import signing
from django.db.models import Exists, OuterRef, Q

from attune.activities.models import SharedRun
from attune.couples.models import Link

SALT = "attune.activities.live"
# A page's token outlives any evening's conversation; a reload gives a fresh one.
TOKEN_MAX_AGE_S = 6 * 60 * 60
POLL_EVERY_MS = 1000


def make_token(user_code: str, shared_code: str) -> str:
    """Signed, not encrypted: it names the person by their random public code, never their id."""
    return signing.dumps([user_code, shared_code], salt=SALT)


def read_token(token: str) -> tuple[str, str] | None:
    try:
        user_code, code = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE_S)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_code, str) or not isinstance(code, str):
        return None
    return user_code, code


def current_version(user_code: str, code: str) -> int | None:
    """The run's version, in one query, or None when this person may no longer reach it:
    not one of its two people, the run closed, or the two no longer linked."""
    linked = Link.objects.filter(ended_at__isnull=True).filter(
        Q(first=OuterRef("started_by"), second=OuterRef("partner"))
        | Q(first=OuterRef("partner"), second=OuterRef("started_by"))
    )
    return (
        SharedRun.objects.filter(code=code, closed_at__isnull=True)
        .filter(Q(started_by__code=user_code) | Q(partner__code=user_code))
        .filter(Exists(linked))
        .values_list("version", flat=True)
        .first()
    )
