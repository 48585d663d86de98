"""How login throttling names an attempt: the e-mail address, lower-cased like the login form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()
