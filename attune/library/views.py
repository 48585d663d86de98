"""The library index and pages that explain the concept model, read straight from content data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from attune.core import catalogue
from attune.core.articles import articles, tags_of
from attune.core.concepts import concepts


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    model = concepts()
    every = articles()
    tag = request.GET.get("tag", "").strip()[:40]
    return render(
        request,
        "library/index.html",
        {
            "articles": [a for a in every if tag in a.tags] if tag else every,
            "tags": tags_of(every),
            "tag": tag,
            "signs": model.signs.values(),
            "causes": [c for c in model.causes.values() if not c.safety_screen],
            "safety_cause": next(c for c in model.causes.values() if c.safety_screen),
            "strategies": model.strategies.values(),
            "decks": catalogue.decks().values(),
        },
    )


def _get(group: dict, key: str):
    try:
        return group[key]
    except KeyError:
        raise Http404("No such page") from None


@require_GET
def sign(request: HttpRequest, concept_id: str) -> HttpResponse:
    model = concepts()
    item = _get(model.signs, concept_id)
    return render(
        request,
        "library/sign.html",
        {
            "sign": item,
            "causes": [model.causes[c] for c in item.causes],
            "strategies": [model.strategies[s] for s in item.strategies],
        },
    )


@require_GET
def cause(request: HttpRequest, concept_id: str) -> HttpResponse:
    model = concepts()
    item = _get(model.causes, concept_id)
    return render(
        request,
        "library/cause.html",
        {
            "cause": item,
            "signs": [model.signs[s] for s in model.signs_fed_by(item.id)],
            "strategies": [model.strategies[s] for s in item.strategies],
            "solo": [model.activities[a] for a in item.solo_activities],
        },
    )


@require_GET
def strategy(request: HttpRequest, concept_id: str) -> HttpResponse:
    model = concepts()
    item = _get(model.strategies, concept_id)
    return render(
        request,
        "library/strategy.html",
        {
            "strategy": item,
            "activities": [model.activities[a] for a in item.activities],
            "signs": [s for s in model.signs.values() if item.id in s.strategies],
        },
    )


@require_GET
def activity(request: HttpRequest, activity_id: str) -> HttpResponse:
    model = concepts()
    item = _get(model.activities, activity_id)
    # The steps, to read (and keep for offline) before or instead of starting a run; the
    # safety plan is only ever the person's own private page.
    guide = catalogue.activities().get(item.id) if not item.safety_planning else None
    return render(
        request,
        "library/activity.html",
        {
            "activity": item,
            "guide": guide,
            "strategies": [s for s in model.strategies.values() if item.id in s.activities],
        },
    )


@require_GET
def deck(request: HttpRequest, deck_id: str) -> HttpResponse:
    """A question deck, every set and prompt, to read through together (offline too)."""
    found = catalogue.decks().get(deck_id)
    if found is None:
        raise Http404("No such deck")
    return render(request, "library/deck.html", {"deck": found})
