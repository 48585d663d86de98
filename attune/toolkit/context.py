"""Template context every page needs: the quick exit target, discreet mode and the site's links."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

# The links of every page's header and footer (base.html), by URL name.
SITE_LINKS = (
    "web-home",
    "library-index",
    "library-feed",
    "safety-crisis",
    "safety-quick-exit-help",
    "checkups-history",
    "progress-trends",
    "activities-index",
    "accounts-settings",
    "accounts-logout",
    "accounts-login",
    "accounts-signup",
)


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "discreet": is_discreet(request),
        "links": site_links(get_script_prefix()),
    }


@cache
def site_links(prefix: str) -> dict[str, str]:
    """The header and footer links, reversed once per URL prefix rather than on every page:
    reversing a dozen URLs took a fair part of rendering a signed-in page."""
    return {name.replace("-", "_"): reverse(name) for name in SITE_LINKS}


def is_discreet(request: HttpRequest) -> bool:
    """Discreet mode: a person's setting once signed in, else a choice kept in the session.

    The service worker fetches the pages a phone keeps without cookies; for a person in
    discreet mode it asks with an Attune-Discreet header, so a kept page is neutral too. The
    header can only make a page more discreet, never less."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(user.discreet)
    if request.headers.get("Attune-Discreet") == "1":
        return True
    return bool(request.session.get("discreet", False)) if hasattr(request, "session") else False
