"""Throttling: how login attempts are named (the e-mail address, lower-cased like the login form),
and how many sign-ups one network may send."""

from __future__ import annotations

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
    key = f"attune:signups:{request.META.get('REMOTE_ADDR', '')}"
    window = settings.ATTUNE_SIGNUP_WINDOW * 60
    cache.add(key, 0, window)
    try:
        sent = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        sent = 1
    return sent > settings.ATTUNE_SIGNUP_LIMIT
