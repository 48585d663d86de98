"""Who may reach a run, and who may run a couple activity now.

A person who needs care is offered no couple activity, and is never told why in words that
differ from having no partner. Their partner's pages do not change at all: to the partner they
are simply a partner who does not join in (an invitation left unanswered, a run for two where
only one of the two moves on), which any partner may be on any evening.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest
from django.utils import timezone

from attune.activities.models import Run, SharedRun
from attune.core.concepts import Activity, concepts
from attune.couples.models import Link
from attune.couples.sharing import active_link
from attune.safety.care import is_protected

MAX_ALTERNATIVES = 3
# An invitation to join a run for two is offered for this long after it starts.
INVITATION_HOURS = 12


def get_run_for_user(request: HttpRequest, code: str) -> Run:
    """A stranger gets 404, never 403: the answer must not reveal that the run exists."""
    try:
        return Run.objects.select_related("shared", "shared__started_by", "shared__partner").get(
            code=code, user=request.user
        )
    except Run.DoesNotExist:
        raise Http404("No such run") from None


def open_link(user) -> Link | None:
    """The person's link while couple activities are open to them, else None (never why):
    linked, and not themself needing care. The partner's state is deliberately not read."""
    link = active_link(user)
    if link is None or is_protected(user):
        return None
    return link


def couple_open(user) -> bool:
    return open_link(user) is not None


def shared_open(shared: SharedRun | None, user, link: Link | None) -> bool:
    """Whether this person may see and move a run for two now: one of its two people, still
    linked with the other, and the run not closed by an unlink. `link` is what open_link(user)
    gave, so a person who needs care reaches none; their partner still reaches it and goes on
    alone, as when the other has stopped for now."""
    if shared is None or shared.closed_at is not None or user.pk not in shared.people():
        return False
    return link is not None and {link.first_id, link.second_id} == shared.people()


def get_shared_to_join(request: HttpRequest, code: str) -> SharedRun:
    """A run for two the partner may join. 404 for anyone else, and whenever it is closed:
    the same answer as for a code that never existed."""
    shared = (
        SharedRun.objects.select_related("started_by")
        .filter(code=code, partner=request.user, closed_at__isnull=True)
        .first()
    )
    if shared is None or not shared_open(shared, request.user, open_link(request.user)):
        raise Http404("No such run")
    return shared


def waiting_for(user, link: Link | None) -> list[SharedRun]:
    """Runs for two the partner started and this person has not joined yet."""
    if link is None:
        return []
    return list(
        SharedRun.objects.filter(
            partner=user,
            started_by=link.partner_of(user),
            joined_at__isnull=True,
            closed_at__isnull=True,
            created_at__gte=timezone.now() - timedelta(hours=INVITATION_HOURS),
        ).only("code", "activity_id", "created_at", "step", "started_by_id", "partner_id")
    )


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
