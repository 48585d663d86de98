"""Taking the check-up: one section per page, Back and Next, save and resume, safety first."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from attune.accounts.crypto import encrypt
from attune.checkups.access import get_checkup_for_user
from attune.checkups.forms import NoteForm, SectionForm
from attune.checkups.models import Checkup
from attune.checkups.signals import checkup_saved
from attune.core.instruments import get_instrument
from attune.core.resources import directory
from attune.core.safety import SafetyScreen, screen_answers
from attune.core.textscreen import screen_text
from attune.safety.views import chosen_country


def _steps(checkup: Checkup) -> int:
    """Every section, plus the closing note."""
    return len(checkup.instrument.sections) + 1


def _resume_url(checkup: Checkup) -> str:
    if checkup.finished:
        return reverse("checkups-report", args=[checkup.code])
    if checkup.sections_done >= len(checkup.instrument.sections):
        return reverse("checkups-note", args=[checkup.code])
    return reverse("checkups-section", args=[checkup.code, checkup.sections_done + 1])


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Continue the check-up in progress, or begin a new one."""
    checkup = Checkup.objects.in_progress().filter(user=request.user).first()
    if checkup is None:
        instrument = get_instrument("checkup")
        checkup = Checkup.objects.create(user=request.user, instrument_version=instrument.version)
    return redirect(_resume_url(checkup))


def _support_url(checkup: Checkup, then: str) -> str:
    return reverse("checkups-support", args=[checkup.code]) + "?" + urlencode({"next": then})


@login_required
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, code: str, number: int) -> HttpResponse:
    checkup = get_checkup_for_user(request, code)
    sections = checkup.instrument.sections
    if checkup.finished:
        return redirect("checkups-report", code=checkup.code)
    if not 1 <= number <= len(sections) or number > checkup.sections_done + 1:
        return redirect(_resume_url(checkup))
    current = sections[number - 1]
    action = request.POST.get("action", "next")
    if request.method == "POST":
        form = SectionForm(current, request.POST, strict=action == "next")
        if form.is_valid():
            before = screen_answers(checkup.instrument, checkup.answers)
            with transaction.atomic():
                checkup.answers = {**checkup.answers, **form.answers()}
                if action == "next":
                    checkup.sections_done = max(checkup.sections_done, number)
                checkup.save()
                checkup_saved.send(sender=Checkup, checkup=checkup)
            if action == "save":
                messages.success(request, "Saved. You can pick up where you left off at any time.")
                return redirect("web-home")
            if action == "back":
                return redirect("checkups-section", code=checkup.code, number=max(number - 1, 1))
            then = _resume_url(checkup)
            after = screen_answers(checkup.instrument, checkup.answers)
            if after.crisis and not before.crisis:
                # A crisis answer shows people to talk to before anything else.
                return redirect(_support_url(checkup, then))
            return redirect(then)
    else:
        saved = {k: str(v) for k, v in checkup.answers.items() if v is not None}
        form = SectionForm(current, initial=saved)
    return render(
        request,
        "checkups/section.html",
        {
            "checkup": checkup,
            "section": current,
            "form": form,
            "number": number,
            "steps": _steps(checkup),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def note(request: HttpRequest, code: str) -> HttpResponse:
    checkup = get_checkup_for_user(request, code)
    if checkup.finished:
        return redirect("checkups-report", code=checkup.code)
    if checkup.sections_done < len(checkup.instrument.sections):
        return redirect(_resume_url(checkup))
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            if request.POST.get("action") == "back":
                return redirect(
                    "checkups-section", code=checkup.code, number=len(checkup.instrument.sections)
                )
            text = form.cleaned_data["note"].strip()
            screened = screen_text(text)
            checkup.note = encrypt(request.user.pk, text)
            checkup.note_tier = screened.tier
            checkup.finish()
            checkup.save()
            checkup_saved.send(sender=Checkup, checkup=checkup)
            report = reverse("checkups-report", args=[checkup.code])
            # Tier 2 or a crisis answer: people to talk to before anything else. Tier 1 is a
            # gentle check-in on the report itself, so it never stands in the way.
            if screened.tier >= 2 or checkup.report.safety.crisis:
                return redirect(_support_url(checkup, report))
            return redirect(report)
    else:
        form = NoteForm()
    return render(
        request,
        "checkups/note.html",
        {"checkup": checkup, "form": form, "number": _steps(checkup), "steps": _steps(checkup)},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def support(request: HttpRequest, code: str) -> HttpResponse:
    """Help lines first: after a crisis answer, or a note that the free-text screen flagged."""
    checkup = get_checkup_for_user(request, code)
    then = request.GET.get("next", "")
    if not then.startswith("/") or then.startswith("//"):
        then = _resume_url(checkup)
    safety: SafetyScreen = screen_answers(checkup.instrument, checkup.answers)
    urgent = safety.crisis or checkup.note_in_crisis
    country = chosen_country(request)
    lines = directory()
    return render(
        request,
        "checkups/support.html",
        {
            "checkup": checkup,
            "urgent": urgent,
            "lines": lines.lines_for(country, ("emergency", "crisis")) if country else [],
            "country_name": lines.country_name(country) if country else None,
            "fallback": lines.fallback,
            "next": then,
        },
    )
