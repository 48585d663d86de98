"""Whole pages kept per process, for pages that only change when their key does.

A finished check-up's report never changes, yet rendering the page around it (the header, the
links and the log-out form's CSRF token) cost more than the rest of the request. `render_kept`
renders such a page once per key and per browser, and serves it again after that.

Per browser: the page carries a CSRF token, so it is kept under the browser's CSRF secret (as a
hash) and only ever served back to requests with that same secret; a browser without one yet
gets a fresh page each time. Serving the same masked token again is safe here because the kept
pages reflect nothing a request sends (the masking guards against compression attacks that need
attacker-chosen text in the same response). A request with messages waiting renders afresh, so
the messages show. The caller's key must name everything else the page depends on, and
authorization stays the caller's job, done before this is called.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from attune.web.context import is_discreet

KEEP_SECONDS = 60 * 60


def render_kept(
    request: HttpRequest, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> HttpResponse:
    """The page for this key, rendered with context() only when it is not kept already."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(get_messages(request)):
        return render(request, template, context())
    browser = hashlib.sha256(secret.encode()).hexdigest()[:32]
    # Also what base.html shows differently from one signed-in person to another.
    page_key = f"page:{key}:{int(is_discreet(request))}:{browser}"
    page = cache.get(page_key)
    if page is None:
        page = render(request, template, context()).content
        cache.set(page_key, page, KEEP_SECONDS)
    return HttpResponse(page)
