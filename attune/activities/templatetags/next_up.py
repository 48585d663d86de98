"""The home page's "Next up" card: the plan's first activity, this week's count, the streak."""

from __future__ import annotations

from django import template
from django.utils import timezone

from attune.activities.models import Run
from attune.activities.weeks import done_this_week, streak
from attune.checkups.models import Checkup
from attune.core.concepts import concepts

register = template.Library()


@register.inclusion_tag("activities/_next_up.html")
def next_up(user) -> dict:
    latest = (
        Checkup.objects.newest_first()
        .filter(user=user)
        .only("instrument_id", "instrument_version", "answers")
        .first()
    )
    planned = None
    if latest is not None:
        first = next((step.activities[0] for step in latest.report.plan if step.activities), None)
        planned = concepts().activities.get(first.id) if first else None
    runs = Run.objects.filter(user=user)
    today = timezone.localdate()
    days = [timezone.localdate(at) for at in runs.finished().values_list("finished_at", flat=True)]
    return {
        "user": user,
        "planned": planned,
        "unfinished": runs.in_progress().only("code", "activity_id").first(),
        "this_week": done_this_week(days, today),
        "streak": streak(days, today),
    }
