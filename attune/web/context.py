"""Template context every page needs: the quick exit target and discreet mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "discreet": is_discreet(request),
    }


def is_discreet(request: HttpRequest) -> bool:
    """Discreet mode: a person's setting once signed in, else a choice kept in the session."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(user.discreet)
    return bool(request.session.get("discreet", False)) if hasattr(request, "session") else False
