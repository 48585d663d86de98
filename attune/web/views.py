"""Site-wide views: the landing page and the health check."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from attune.checkups.models import Checkup
from attune.core.concepts import concepts
from attune.core.screen.screening import model_status


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    model = concepts()
    context = {"signs": model.signs.values(), "strategies": model.strategies.values()}
    if request.user.is_authenticated:
        mine = Checkup.objects.filter(user=request.user).only("code", "finished_at", "started_at")
        context["in_progress"] = mine.in_progress().first()
        context["latest"] = mine.finished().first()
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
