"""Reading check-ups: the report, the history list, and two check-ups side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

import attune
from attune.checkups.access import get_checkup_for_user
from attune.checkups.models import Checkup
from attune.core.concepts import (
    CRISIS,
    SAFETY_CAUSE,
    SIGN_IDS,
    Activity,
    Cause,
    Sign,
    Strategy,
    concepts,
)
from attune.core.report import Evidence, Report
from attune.core.resources import Line, directory
from attune.core.scoring import ConstructScore
from attune.core.screen.tiers import Tier
from attune.toolkit.charts import ChartRow, PairedRow, bar_chart, grouped_bar_chart
from attune.toolkit.pages import keep_page, kept_page

DATE_FORMAT = "j F Y"
# Strengths listed at once; the rest wait behind a "more" toggle, so the page stays readable.
STRENGTHS_SHOWN = 5


@dataclass(frozen=True)
class SignResult:
    sign: Sign
    result: ConstructScore


@dataclass(frozen=True)
class CauseResult:
    cause: Cause
    result: ConstructScore
    feeds: list[Sign]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Strength:
    name: str
    sentence: str
    library_url_name: str
    concept_id: str


@dataclass(frozen=True)
class Step:
    strategy: Strategy
    because: list[str]
    activities: list[Activity]


@dataclass(frozen=True)
class Change:
    sign: Sign
    earlier: ConstructScore
    later: ConstructScore

    @property
    def delta(self) -> int | None:
        if self.earlier.score is None or self.later.score is None:
            return None
        return self.later.score - self.earlier.score

    @property
    def words(self) -> str:
        delta = self.delta
        if delta is None:
            return "cannot compare: one of them has no score"
        if delta == 0:
            return "no change"
        return f"up {delta}" if delta > 0 else f"down {-delta}"

    @property
    def arrow(self) -> str:
        delta = self.delta
        if delta is None:
            return ""
        return "↑" if delta > 0 else "↓" if delta < 0 else "→"


def _day(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), DATE_FORMAT)


def _crisis_lines(country: str | None) -> list[Line]:
    lines = directory()
    return lines.lines_for(country, ("emergency", "crisis")) or list(lines.fallback)


def _signs(report: Report) -> list[SignResult]:
    model = concepts()
    return [SignResult(model.signs[s.construct], s) for s in report.signs]


def _causes(report: Report) -> list[CauseResult]:
    model = concepts()
    return [
        CauseResult(
            cause=model.causes[found.cause],
            result=report.scores[found.cause],
            feeds=[model.signs[s] for s in found.signs],
            evidence=found.evidence,
        )
        for found in report.likely_causes
        # The safety screen is never a "likely cause": it is handled privately, apart.
        if found.cause != SAFETY_CAUSE
    ]


def _strengths(report: Report) -> list[Strength]:
    model = concepts()
    found = []
    for construct in report.strengths:
        if construct in model.signs:
            sign = model.signs[construct]
            found.append(Strength(sign.name, sign.strength, "library-sign", sign.id))
        elif construct in model.causes and construct != SAFETY_CAUSE:
            cause = model.causes[construct]
            found.append(Strength(cause.name, cause.strength, "library-cause", cause.id))
    return found


def _plan(report: Report) -> list[Step]:
    model = concepts()
    return [
        Step(
            strategy=model.strategies[step.strategy],
            because=[model.name_of(c) for c in step.answers if c != SAFETY_CAUSE],
            activities=[model.activities[a.id] for a in step.activities],
        )
        for step in report.plan
    ]


def _solo_plan(report: Report) -> list[Activity]:
    """The plan as one list, for someone who may be harmed: no strategy speaks of the couple."""
    model = concepts()
    seen: dict[str, Activity] = {}
    for step in report.plan:
        for activity in step.activities:
            if not activity.couple:
                seen.setdefault(activity.id, model.activities[activity.id])
    return list(seen.values())


@login_required
@require_GET
def report(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    country = user.country or None
    # A finished check-up never changes and never changes hands, so its report page is kept
    # (attune.toolkit.pages) under a key naming everything the page depends on. The person's
    # checkups_changed_at moves whenever any of their check-ups is saved, so no kept page
    # outlives a change; a page is only ever kept below, after the owner check.
    changed = user.checkups_changed_at.timestamp() if user.checkups_changed_at else 0
    key = f"report:{attune.__version__}:{code}:{user.pk}:{changed}:{country}"
    kept = kept_page(request, key)
    if kept is not None:
        return kept
    checkup = get_checkup_for_user(request, code)
    if not checkup.finished:
        messages.info(
            request, "That check-up is not finished yet. You can carry on with it from here."
        )
        return redirect("checkups-history")
    body = render_to_string("checkups/_report_body.html", _report_context(checkup, country))
    context = {"body": mark_safe(body)}  # noqa: S308 - rendered by our own template
    return keep_page(request, key, "checkups/report.html", context)


def _report_context(checkup: Checkup, country: str | None) -> dict:
    result = checkup.report
    model = concepts()
    urgent = result.safety.crisis or checkup.note_in_crisis
    # Abuse in the answers, or in the person's own words or note: steps for one person only.
    abuse = result.safety.abuse or checkup.text_abuse
    signs = _signs(result)
    strengths = _strengths(result)
    chart = bar_chart(
        [ChartRow(s.sign.name, s.result.score) for s in signs],
        chart_id="signs-chart",
        title="Your five signs, each scored from 0 to 100",
        description="Higher is healthier. The table that follows gives each score and its band.",
    )
    return {
        "checkup": checkup,
        "country": country,
        "urgent": urgent,
        # A gentle, non-blocking check-in for a note the free-text screen put at tier 1.
        "checking_in": not urgent and checkup.note_tier == Tier.CHECK_IN,
        "crisis_lines": _crisis_lines(country) if urgent else [],
        "abuse": abuse,
        "signs": signs,
        # The summary at the top names the sign weighing most: the lowest score.
        "lowest": min(
            (s for s in signs if s.result.scored), key=lambda s: s.result.score, default=None
        ),
        "chart": chart,
        "causes": _causes(result),
        "strengths": strengths[:STRENGTHS_SHOWN],
        "more_strengths": strengths[STRENGTHS_SHOWN:],
        "plan": [] if abuse else _plan(result),
        "solo_plan": _solo_plan(result) if abuse else [],
        # The crisis item is never shown as a score: it only turns on the help above.
        "wellbeing": [
            (model.wellbeing[w.construct], w) for w in result.wellbeing if w.construct != CRISIS
        ],
    }


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    checkups = list(Checkup.objects.filter(user=request.user).defer("answers", "note"))
    finished = [c for c in checkups if c.finished]
    return render(
        request,
        "checkups/history.html",
        {
            "checkups": checkups,
            "finished": finished,
            "in_progress": any(not c.finished for c in checkups),
        },
    )


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    codes = {request.GET.get("a", "").strip(), request.GET.get("b", "").strip()}
    if "" in codes:
        raise Http404("Two check-ups are needed")
    if len(codes) == 1:
        messages.info(request, "Choose two different check-ups to compare.")
        return redirect("checkups-history")
    # A stranger's code finds nothing, so it is a 404 like a code that does not exist.
    pair = list(
        Checkup.objects.finished().filter(user=request.user, code__in=codes).order_by("finished_at")
    )
    if len(pair) != 2:
        raise Http404("No such check-ups")
    earlier, later = pair
    model = concepts()
    changes = [
        Change(model.signs[s], earlier.report.scores[s], later.report.scores[s])
        for s in SIGN_IDS
        if s in earlier.report.scores and s in later.report.scores
    ]
    series = (f"Earlier, {_day(earlier.finished_at)}", f"Later, {_day(later.finished_at)}")
    chart = grouped_bar_chart(
        [PairedRow(c.sign.name, c.earlier.score, c.later.score) for c in changes],
        series=series,
        chart_id="compare-chart",
        title="Your five signs in two check-ups, each scored from 0 to 100",
        description="Higher is healthier. The table that follows gives both scores and the change.",
    )
    return render(
        request,
        "checkups/compare.html",
        {"earlier": earlier, "later": later, "changes": changes, "chart": chart},
    )
