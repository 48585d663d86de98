"""Which country's crisis lines a page shows: the one asked for in the URL, else the person's."""

from __future__ import annotations

from django.http import HttpRequest

from attune.core.resources import directory


def chosen_country(request: HttpRequest) -> str | None:
    """The country asked for in the URL, else the person's own setting, else none."""
    asked = request.GET.get("country", "").strip().upper()
    if asked and directory().country_name(asked):
        return asked
    return (request.user.country or None) if request.user.is_authenticated else None
