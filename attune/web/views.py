"""Site-wide views: the landing page and the health check."""

from __future__ import annotations

import json

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import attune
from attune.checkups.models import Checkup
from attune.core.concepts import concepts
from attune.core.screen.screening import model_status
from attune.toolkit.offline import PUBLIC_PAGES, QUEUED_FORMS


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    model = concepts()
    context = {"signs": model.signs.values(), "strategies": model.strategies.values()}
    if request.user.is_authenticated:
        mine = Checkup.objects.filter(user=request.user).only("code", "finished_at", "started_at")
        context["in_progress"] = mine.in_progress().first()
        context["latest"] = mine.newest_first().first()
    return render(request, "web/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return JsonResponse({"status": "error", "database": f"unreachable: {reason}"}, status=503)
    # A degraded safety model is reported, not failed: the phrase layer still screens every text.
    return JsonResponse({"status": "ok", "database": "ok", "safety_model": model_status()})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site's root so it may look after every page."""
    script = render_to_string(
        "web/sw.js",
        {
            "version": json.dumps(attune.__version__),
            "public": json.dumps(PUBLIC_PAGES),
            "queued": json.dumps(QUEUED_FORMS),
        },
    )
    # Sent without its comments and indentation: every page's budget counts it.
    lines = (line.strip() for line in script.splitlines())
    script = "\n".join(line for line in lines if line and not line.startswith("//"))
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Checked on every visit, so a new release's worker takes over at once.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What a phone shows for a page it may not keep, when there is no connection."""
    return render(request, "web/offline.html")


@require_GET
def saved_on_phone(request: HttpRequest) -> HttpResponse:
    """What a phone shows after a form sent without a connection was kept on it instead."""
    return render(request, "web/saved.html")
