"""Crisis resources for a country, and the page that explains the quick exit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from attune.core.resources import directory


def chosen_country(request: HttpRequest) -> str | None:
    """The country asked for in the URL, else the person's own setting, else none."""
    asked = request.GET.get("country", "").strip().upper()
    if asked and directory().country_name(asked):
        return asked
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    return getattr(profile, "country", None) or None


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
