"""The error pages, in the site's frame with the quick exit: a lost link, a stale form, a fault."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix

from attune.toolkit.context import site_links


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page kept too long, or from elsewhere (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "web/403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Drawn without the request's context: whatever failed (the database, say) is not asked
    again, so the page can always be drawn, quick exit included."""
    context = {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "discreet": False,
        "links": site_links(get_script_prefix()),
    }
    return HttpResponseServerError(render_to_string("web/500.html", context))
