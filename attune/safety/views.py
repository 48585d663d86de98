"""Crisis resources for a country, the page that explains the quick exit, the private safety
plan, and the one private question after free text at help first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attune.accounts.crypto import decrypter, tell_if_unreadable
from attune.core.resources import directory
from attune.safety import freetext, notices
from attune.safety.forms import SafetyPlanForm
from attune.safety.lines import chosen_country
from attune.safety.models import CareNotice, SafetyPlan


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


def get_notice_for_user(request: HttpRequest, code: str) -> CareNotice:
    """A stranger gets 404, never 403: the answer must not reveal that the notice exists."""
    found = CareNotice.objects.filter(code=code, user=request.user).first()
    if found is None:
        raise Http404("No such page")
    return found


ANSWERED = {
    CareNotice.YES: "Thank you for telling us. Nothing of yours is shared now, and no one is told.",
    CareNotice.NOT_SURE: (
        "Thank you. To be safe, nothing of yours is shared now, and no one is told."
    ),
    CareNotice.NO: (
        "Thank you. Nothing has changed, and what you wrote stays private: only you can see it."
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def answer_question(request: HttpRequest, code: str) -> HttpResponse:
    """Help first, then the one private question about what the screen flagged. GET shows
    both; only a POST answers."""
    notice = get_notice_for_user(request, code)
    then = _safe_next(request.POST.get("next", "") or request.GET.get("next", ""))
    if request.method == "POST":
        given = request.POST.get("answer", "")
        if notices.answer(notice, given):
            messages.success(request, ANSWERED[given])
        elif notice.waiting:
            messages.error(request, "Please choose one of the answers.")
            return redirect(freetext.help_url("safety-question", then, args=(notice.code,)))
        return redirect(then or reverse("couples-home"))
    lines = directory()
    country = chosen_country(request)
    return render(
        request,
        "safety/question.html",
        {
            "notice": notice,
            "lines": lines.lines_for(country) if country else [],
            "country_name": lines.country_name(country) if country else None,
            "fallback": lines.fallback,
            "next": then,
        },
    )


@login_required
@require_POST
def end_care(request: HttpRequest) -> HttpResponse:
    """The person ends, themself, the protection their free text raised."""
    if notices.end(request.user):
        messages.success(
            request,
            "Done. Nothing that was shared before comes back by itself: you choose again what "
            "to share, if anything.",
        )
    else:
        messages.error(request, "This cannot be ended here. A newer check-up can end it.")
    return redirect(_safe_next(request.POST.get("next", "")) or reverse("couples-home"))
