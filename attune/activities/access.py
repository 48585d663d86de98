"""Who may reach a run, and who may run a couple activity now.

The couple rule never says why it is closed: a partner whose own safety screen is positive
looks to the other exactly like having no linked partner at all.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from attune.activities.models import Run
from attune.core.concepts import Activity, concepts
from attune.couples.sharing import active_link, is_protected

MAX_ALTERNATIVES = 3


def get_run_for_user(request: HttpRequest, code: str) -> Run:
    """A stranger gets 404, never 403: the answer must not reveal that the run exists."""
    try:
        return Run.objects.get(code=code, user=request.user)
    except Run.DoesNotExist:
        raise Http404("No such run") from None


def couple_open(user) -> bool:
    link = active_link(user)
    if link is None:
        return False
    return not is_protected(user) and not is_protected(link.partner_of(user))


def solo_alternatives(activity_id: str) -> list[Activity]:
    """Solo activities serving the same strategies; the same list for every person who asks."""
    model = concepts()
    found: list[str] = []
    for strategy in model.strategies.values():
        if activity_id not in strategy.activities:
            continue
        for cause in model.causes.values():
            if strategy.id in cause.strategies and not cause.safety_screen:
                found += cause.solo_activities
        found += strategy.when_unsafe
    picked = []
    for activity_id in dict.fromkeys(found):
        activity = model.activities[activity_id]
        if not activity.couple and not activity.safety_planning:
            picked.append(activity)
    return picked[:MAX_ALTERNATIVES]
