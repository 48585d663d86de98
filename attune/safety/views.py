"""Crisis resources for a country, and the page that explains the quick exit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from attune.accounts.crypto import decrypter, tell_if_unreadable
from attune.core.resources import directory
from attune.safety import freetext
from attune.safety.forms import SafetyPlanForm
from attune.safety.models import SafetyPlan


def chosen_country(request: HttpRequest) -> str | None:
    """The country asked for in the URL, else the person's own setting, else none."""
    asked = request.GET.get("country", "").strip().upper()
    if asked and directory().country_name(asked):
        return asked
    return (request.user.country or None) if request.user.is_authenticated else None


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    lines = directory()
    country = chosen_country(request)
    return render(
        request,
        "safety/crisis.html",
        {
            "country": country,
            "country_name": lines.country_name(country) if country else None,
            "lines": lines.lines_for(country) if country else [],
            "fallback": lines.fallback,
            "countries": [(code, name) for code, (name, _) in sorted(lines.countries.items())],
            "next": _safe_next(request.GET.get("next", "")),
        },
    )


def _safe_next(target: str) -> str:
    # Only a path on this site: never an open redirect.
    return target if target.startswith("/") and not target.startswith("//") else ""


@require_GET
def quick_exit_help(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/quick_exit_help.html")


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    """The private safety plan. Only its writer can ever reach it."""
    stored = SafetyPlan.objects.filter(user=request.user).first()
    if request.method == "POST" and request.POST.get("action") == "delete":
        SafetyPlan.objects.filter(user=request.user).delete()
        messages.success(request, "Your safety plan has been deleted.")
        return redirect("safety-plan")
    if request.method == "POST":
        form = SafetyPlanForm(request.POST)
        if form.is_valid():
            stored = stored or SafetyPlan(user=request.user)
            parts = {
                name: freetext.write(request.user, form.cleaned_data[name].strip())
                for name in SafetyPlan.FIELDS
            }
            for name, written in parts.items():
                setattr(stored, name, written.sealed)
            stored.save()
            messages.success(request, "Saved. Only you can see your plan.")
            worst = max(parts.values(), key=lambda written: written.tier)
            helped = freetext.hand_in(request.user, worst, freetext.Source.SAFETY_PLAN, then=None)
            return redirect(helped or reverse("safety-plan"))
    else:
        read = decrypter(request.user.pk)
        initial = {n: read(getattr(stored, n)) for n in SafetyPlan.FIELDS} if stored else None
        tell_if_unreadable(request, *(initial or {}).values())
        form = SafetyPlanForm(initial=initial)
    country = chosen_country(request)
    return render(
        request,
        "safety/plan.html",
        {
            "form": form,
            "stored": stored,
            "lines": directory().lines_for(country) if country else directory().fallback,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
