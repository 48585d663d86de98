"""Taking the check-up: one section per page, Back and Next, save and resume, safety first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from attune.accounts.crypto import decrypter, tell_if_unreadable
from attune.checkups import own_words as words
from attune.checkups.access import get_checkup_for_user
from attune.checkups.forms import ConfirmSignsForm, NoteForm, OwnWordsForm, SectionForm
from attune.checkups.models import Checkup
from attune.checkups.signals import checkup_saved
from attune.core.concepts import concepts
from attune.core.instruments import get_instrument
from attune.core.resources import directory
from attune.core.safety import SafetyScreen, screen_answers
from attune.core.screen.tiers import Tier
from attune.safety import freetext
from attune.safety.lines import chosen_country


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
    if checkup.sections_done == 0 and not checkup.own_words_seen:
        # The optional "in your own words" box comes first, once.
        return redirect("checkups-own-words", code=checkup.code)
    return redirect(_resume_url(checkup))


@login_required
@require_http_methods(["GET", "POST"])
def own_words(request: HttpRequest, code: str) -> HttpResponse:
    """The optional box before the questions: screened first, then offered back as signs."""
    checkup = get_checkup_for_user(request, code)
    if checkup.finished:
        return redirect("checkups-report", code=checkup.code)
    if request.method == "POST":
        form = OwnWordsForm(request.POST)
        if form.is_valid():
            first = reverse("checkups-section", args=[checkup.code, 1])
            skipped = form.cleaned_data["action"] == "skip"
            text = "" if skipped else form.cleaned_data["text"].strip()
            read = words.read(text)
            written = freetext.write(request.user, text, read.screen)
            checkup.own_words, checkup.own_words_tier = written.sealed, written.tier
            checkup.own_words_signs = [
                {"id": sign, "score": score, "confirmed": None} for sign, score in read.signs
            ]
            checkup.own_words_seen = True
            checkup.text_abuse = checkup.text_abuse or written.abuse_at_once
            checkup.save()
            # A positive screen protects the person at once, as a crisis answer does.
            checkup_saved.send(sender=Checkup, checkup=checkup)
            helped = freetext.hand_in(
                request.user, written, freetext.Source.OWN_WORDS, then=first, code=checkup.code
            )
            if helped:
                return redirect(helped)
            if read.signs:
                return redirect("checkups-own-words-check", code=checkup.code)
            return redirect(first)
    else:
        text = decrypter(request.user.pk)(checkup.own_words)
        tell_if_unreadable(request, text)
        form = OwnWordsForm(initial={"text": text})
    return render(
        request,
        "checkups/own_words.html",
        {"checkup": checkup, "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_words_check(request: HttpRequest, code: str) -> HttpResponse:
    """What the words sounded like, as questions: "Is that right?" Yes, or Not really."""
    checkup = get_checkup_for_user(request, code)
    first = reverse("checkups-section", args=[checkup.code, 1])
    if checkup.finished:
        return redirect("checkups-report", code=checkup.code)
    asked = words.questions()
    offered = [(s["id"], asked[s["id"]]) for s in checkup.own_words_signs if s["id"] in asked]
    if not offered:
        return redirect(first)
    if request.method == "POST":
        form = ConfirmSignsForm(offered, request.POST)
        if form.is_valid():
            decisions = form.decisions()
            checkup.own_words_signs = [
                {**s, "confirmed": decisions.get(s["id"])} for s in checkup.own_words_signs
            ]
            checkup.save(update_fields=["own_words_signs", "updated_at"])
            if checkup.confirmed_signs:
                messages.success(
                    request, "Thank you. The sections about what you mentioned are marked."
                )
            return redirect(first)
    else:
        initial = {
            s["id"]: {True: "yes", False: "no"}.get(s.get("confirmed"))
            for s in checkup.own_words_signs
        }
        form = ConfirmSignsForm(offered, initial=initial)
    return render(
        request,
        "checkups/own_words_check.html",
        {"checkup": checkup, "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _support_url(checkup: Checkup, then: str) -> str:
    return freetext.help_url("checkups-support", then, args=(checkup.code,))


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
    confirmed = checkup.confirmed_signs
    model = concepts()
    return render(
        request,
        "checkups/section.html",
        {
            "checkup": checkup,
            "section": current,
            "form": form,
            "number": number,
            "steps": _steps(checkup),
            # The signs the person confirmed from their own words that this section asks about.
            "mentioned": [
                model.signs[s].name
                for s in confirmed
                if number in words.sections_for(checkup.instrument, [s])
            ],
            # A gentle, non-blocking check-in for own words the screen put at tier 1.
            "checking_in": number == 1
            and checkup.sections_done == 0
            and checkup.own_words_tier == Tier.CHECK_IN,
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
            written = freetext.write(request.user, form.cleaned_data["note"].strip())
            checkup.note, checkup.note_tier = written.sealed, written.tier
            checkup.text_abuse = checkup.text_abuse or written.abuse_at_once
            checkup.finish()
            checkup.save()
            checkup_saved.send(sender=Checkup, checkup=checkup)
            report = reverse("checkups-report", args=[checkup.code])
            # Help first for the note, or a crisis answer: people to talk to before anything
            # else. A gentle check-in is on the report itself, so it never stands in the way.
            helped = freetext.hand_in(
                request.user, written, freetext.Source.CHECKUP_NOTE, then=report, code=checkup.code
            )
            if helped is None and checkup.report.safety.crisis:
                helped = _support_url(checkup, report)
            return redirect(helped or report)
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
    # Words read as abuse also bring the lines for people who are being harmed.
    kinds = ("emergency", "crisis", "abuse") if checkup.text_abuse else ("emergency", "crisis")
    return render(
        request,
        "checkups/support.html",
        {
            "checkup": checkup,
            "urgent": urgent,
            "abuse": checkup.text_abuse,
            "lines": lines.lines_for(country, kinds) if country else [],
            "country_name": lines.country_name(country) if country else None,
            "fallback": lines.fallback,
            "next": then,
        },
    )
