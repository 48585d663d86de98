"""Whole pages kept per process, for pages that only change when their key does.

A finished check-up's report never changes, yet rendering the page around it (the header, the
links and the log-out form's CSRF token) cost more than the rest of the request. A view asks
`kept_page` first and, when nothing is kept, renders once with `keep_page`.

Per browser: the page carries a CSRF token, so it is kept under the browser's CSRF secret (as a
hash) and only ever served back to requests with that same secret; a browser without one yet
gets a fresh page each time. Serving the same masked token again is safe here because the kept
pages reflect nothing a request sends (the masking guards against compression attacks that need
attacker-chosen text in the same response). A request with messages waiting renders afresh, so
the messages show. The caller's key must name everything else the page depends on, and a page
may only be kept after the caller has checked that the person may see it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from attune.toolkit.context import is_discreet

KEEP_SECONDS = 60 * 60


def _page_key(request: HttpRequest, key: str) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(get_messages(request)):
        return None
    browser = hashlib.sha256(secret.encode()).hexdigest()[:32]
    # Also what base.html shows differently from one signed-in person to another.
    return f"page:{key}:{int(is_discreet(request))}:{browser}"


def kept_page(request: HttpRequest, key: str) -> HttpResponse | None:
    """The page kept for this key and this browser, or None."""
    page_key = _page_key(request, key)
    page = cache.get(page_key) if page_key else None
    return HttpResponse(page) if page is not None else None


def keep_page(
    request: HttpRequest, key: str, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Render the page, and keep it for this key and this browser when it may be kept."""
    response = render(request, template, context)
    page_key = _page_key(request, key)
    if page_key:
        cache.set(page_key, response.content, KEEP_SECONDS)
    return response
