"""The runner: an activity's page, then one step a page, then one optional closing question."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attune.accounts.crypto import decrypter, encrypt
from attune.activities.access import couple_open, get_run_for_user, solo_alternatives
from attune.activities.decks import choices_for, prompt_for, walk_for
from attune.activities.forms import FinishForm, StartForm
from attune.activities.models import Run
from attune.core import catalogue
from attune.core.concepts import Activity, concepts
from attune.core.textscreen import screen_text

CRISIS_TIER = 2
RECENT = 5


def steps_of(activity_id: str) -> catalogue.Activity | None:
    try:
        return catalogue.activity_steps(activity_id)
    except KeyError:
        return None


def _activity(activity_id: str) -> Activity:
    activity = concepts().activities.get(activity_id)
    if activity is None:
        raise Http404("No such activity")
    return activity


def _closed(activity: Activity, user) -> bool:
    return activity.couple and not couple_open(user)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    model = concepts()
    mine = Run.objects.filter(user=request.user).only(
        "code", "activity_id", "step", "helped", "started_at", "finished_at"
    )
    open_for_two = couple_open(request.user)
    activities = [a for a in model.activities.values() if open_for_two or not a.couple]
    return render(
        request,
        "activities/index.html",
        {
            "solo": [a for a in activities if not a.couple],
            "couple": [a for a in activities if a.couple],
            "open_for_two": open_for_two,
            "in_progress": _titled(mine.in_progress()[:RECENT]),
            "recent": _titled(mine.finished().order_by("-finished_at")[:RECENT]),
        },
    )


def _titled(runs) -> list[tuple[Run, Activity | None]]:
    activities = concepts().activities
    return [(run, activities.get(run.activity_id)) for run in runs]


@login_required
@require_GET
def detail(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = _activity(activity_id)
    return _detail_page(request, activity, StartForm())


def _detail_page(request: HttpRequest, activity: Activity, form: StartForm, status: int = 200):
    closed = _closed(activity, request.user)
    steps = None if activity.safety_planning else steps_of(activity.id)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "steps": steps,
            "closed": closed,
            "alternatives": solo_alternatives(activity.id) if closed else [],
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def start(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = _activity(activity_id)
    if activity.safety_planning:
        return redirect("safety-plan")
    if steps_of(activity.id) is None:
        raise Http404("This activity has no steps yet")
    if _closed(activity, request.user):
        return redirect("activities-detail", activity.id)
    form = StartForm(request.POST)
    if activity.couple and not form.is_valid():
        return _detail_page(request, activity, form, status=400)
    run = Run(user=request.user, activity_id=activity.id)
    if activity.couple:
        run.mode = Run.TOGETHER
        names = [form.cleaned_data["first_name"].strip(), form.cleaned_data["second_name"].strip()]
        if any(names):
            run.names = encrypt(request.user.pk, "\n".join(names))
    earlier = (
        Run.objects.filter(user=request.user, activity_id=activity.id)
        .only("deck_position", "favourites")
        .first()
    )
    if earlier is not None:
        # A new evening picks up the questions where the last one stopped, favourites kept.
        run.deck_position = earlier.deck_position
        run.favourites = earlier.favourites
    run.save()
    return redirect("activities-step", run.code)


def _names(run: Run, user) -> tuple[str, str]:
    typed = decrypter(user.pk)(run.names).split("\n") if run.names else ["", ""]
    first = typed[0] or user.display_name or "You"
    second = typed[1] if len(typed) > 1 and typed[1] else "Your partner"
    return first, second


def _turn(turn: str | None, names: tuple[str, str]) -> str | None:
    return {"a": names[0], "b": names[1], "both": "Both of you"}.get(turn or "")


STEP_ACTIONS = {
    "next",
    "back",
    "stop",
    "pass",
    "favourite",
    "restart-deck",
    "choose",
    "change-deck",
}


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    activity = _activity(run.activity_id)
    steps = steps_of(run.activity_id)
    if steps is None:
        raise Http404("This activity has no steps yet")
    if run.finished:
        return redirect("activities-done", run.code)
    if _closed(activity, request.user):
        # Looks exactly like the activity's page for someone who has no linked partner.
        return _detail_page(request, activity, StartForm())
    total = len(steps.steps)
    if run.step >= total:
        return redirect("activities-finish", run.code)
    current = steps.steps[run.step]
    walk = walk_for(current, run.chosen_deck)
    choices = choices_for(current)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "stop":
            messages.success(request, "Stopped for now. You can pick up where you left off.")
            return redirect("activities-index")
        if action == "choose":
            chosen = request.POST.get("deck", "")
            if chosen not in {d.id for d in choices}:
                status = 400
            else:
                run.chosen_deck = chosen
        if action not in STEP_ACTIONS:
            status = 400
        if status == 200:
            _act(run, action, walk)
            run.save()
            if run.step >= total:
                return redirect("activities-finish", run.code)
            return redirect("activities-step", run.code)
    names = _names(run, request.user) if run.together else None
    return render(
        request,
        "activities/step.html",
        {
            "run": run,
            "activity": activity,
            "steps": steps,
            "current": current,
            "number": run.step + 1,
            "total": total,
            "last": run.step + 1 == total,
            "turn": _turn(current.turn, names) if names else None,
            "names": names,
            "deck": walk.state(run.deck_position, run.favourites, names) if walk else None,
            "choices": choices,
            "choice_error": status == 400,
        },
        status=status,
    )


def _act(run: Run, action: str, walk) -> None:
    if action == "next":
        run.step += 1
        run.chosen_deck = ""
    elif action == "back":
        run.step = max(run.step - 1, 0)
        run.chosen_deck = ""
    elif action == "change-deck":
        run.chosen_deck = ""
    elif walk is not None and action == "pass":
        run.deck_position = walk.advanced(run.deck_position)
    elif walk is not None and action == "restart-deck":
        run.deck_position = walk.restarted(run.deck_position)
    elif walk is not None and action == "favourite":
        key = walk.favourite_key(run.deck_position)
        if key:
            kept = [k for k in run.favourites if k != key]
            run.favourites = kept if key in run.favourites else [*kept, key]


@login_required
@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    activity = _activity(run.activity_id)
    steps = steps_of(run.activity_id)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "back":
            if not run.finished and steps is not None and steps.steps:
                run.step = len(steps.steps) - 1
                run.save(update_fields=["step", "updated_at"])
            return redirect("activities-step", run.code)
        form = FinishForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["note"].strip()
            screened = screen_text(text)
            run.helped = form.cleaned_data["helped"]
            run.note = encrypt(request.user.pk, text)
            run.note_tier = screened.tier
            run.finished_at = run.finished_at or timezone.now()
            run.save()
            done = reverse("activities-done", args=[run.code])
            if screened.tier >= CRISIS_TIER:
                # People to talk to come first; the way back to the run is kept.
                return redirect(f"{reverse('safety-crisis')}?{urlencode({'next': done})}")
            return redirect(done)
        status = 400
    else:
        read = decrypter(request.user.pk)
        form = FinishForm(initial={"helped": run.helped, "note": read(run.note)})
    return render(
        request,
        "activities/finish.html",
        {"run": run, "activity": activity, "steps": steps, "form": form},
        status=status,
    )


@login_required
@require_GET
def done(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    if not run.finished:
        return redirect("activities-step", run.code)
    activity = _activity(run.activity_id)
    favourites = [p for p in map(prompt_for, run.favourites) if p]
    return render(
        request,
        "activities/done.html",
        {
            "run": run,
            "activity": activity,
            "note": decrypter(request.user.pk)(run.note),
            "favourites": favourites,
        },
    )
