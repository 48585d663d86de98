"""Throttling: how login attempts are named (the e-mail address, lower-cased like the login form),
and how many sign-ups one network may send."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()


def too_many_signups(request: HttpRequest) -> bool:
    """Whether this network has sent too many sign-ups (or sign-up confirmations) lately:
    ATTUNE_SIGNUP_LIMIT in ATTUNE_SIGNUP_WINDOW minutes, counted in the cache (one per process
    unless CACHES names a shared one). Known and unknown addresses count alike."""
    return _counted(f"attune:signups:{request.META.get('REMOTE_ADDR', '')}")


def too_many_mails_to(email: str) -> bool:
    """Whether sign-up has e-mailed this address too often lately, from any network: the same
    limit, so sign-up cannot be used to flood someone's inbox. The page says the same anyway."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return _counted(f"attune:signup-mails:{digest}")


def _counted(key: str) -> bool:
    window = settings.ATTUNE_SIGNUP_WINDOW * 60
    cache.add(key, 0, window)
    try:
        sent = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        sent = 1
    return sent > settings.ATTUNE_SIGNUP_LIMIT
