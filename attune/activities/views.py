"""The runner: an activity's page, then one step a page, then one optional closing question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attune.accounts.crypto import decrypter, tell_if_unreadable
from attune.activities import live as live_state
from attune.activities import notes, runner
from attune.activities.access import (
    get_run_for_user,
    get_shared_to_join,
    open_link,
    shared_open,
    solo_alternatives,
    waiting_for,
)
from attune.activities.forms import FinishForm, StartForm
from attune.activities.models import Run, SharedRun
from attune.core import catalogue
from attune.core.concepts import Activity, concepts
from attune.safety import freetext
from attune.toolkit.offline import first_send

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


def _invitations(user, link, activity_id: str | None = None) -> list[tuple[SharedRun, Activity]]:
    """Runs for two the partner started, still on their steps, that this person may join."""
    found = []
    for shared in waiting_for(user, link):
        steps = steps_of(shared.activity_id)
        activity = concepts().activities.get(shared.activity_id)
        if steps is None or activity is None or shared.step >= len(steps.steps):
            continue
        if activity_id is None or activity_id == shared.activity_id:
            found.append((shared, activity))
    return found


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    model = concepts()
    mine = Run.objects.filter(user=request.user).only(
        "code", "activity_id", "step", "helped", "started_at", "finished_at"
    )
    link = open_link(request.user)
    open_for_two = link is not None
    activities = [a for a in model.activities.values() if open_for_two or not a.couple]
    return render(
        request,
        "activities/index.html",
        {
            "solo": [a for a in activities if not a.couple],
            "couple": [a for a in activities if a.couple],
            "open_for_two": open_for_two,
            "partner": link.partner_of(request.user) if link else None,
            "invitations": _invitations(request.user, link),
            "partner_notes": notes.from_partner(request.user, link),
            "in_progress": _titled(mine.in_progress()[:RECENT]),
            "recent": _titled(mine.finished().order_by("-finished_at", "-id")[:RECENT]),
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


def _detail_page(
    request: HttpRequest, activity: Activity, form: StartForm, status: int = 200, link=False
):
    """The activity's page. `link` is open_link's answer when the caller has it already."""
    if link is False:
        link = open_link(request.user) if activity.couple else None
    closed = activity.couple and link is None
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
            "partner": link.partner_of(request.user) if link else None,
            "invitations": _invitations(request.user, link, activity.id) if link else [],
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
    link = open_link(request.user) if activity.couple else None
    if activity.couple and link is None:
        return redirect("activities-detail", activity.id)
    form = StartForm(request.POST)
    if activity.couple and not form.is_valid():
        return _detail_page(request, activity, form, status=400, link=link)
    mode, names = _way(activity, form)
    partner = link.partner_of(request.user) if mode == Run.APART else None
    run = runner.start(request.user, activity.id, mode, names, partner)
    return redirect("activities-step", run.code)


def _way(activity: Activity, form: StartForm) -> tuple[str, tuple[str, str]]:
    """How the run is done, and the two names typed for one device, from a valid form."""
    if not activity.couple:
        return Run.SOLO, ("", "")
    if form.cleaned_data["mode"] == StartForm.APART:
        return Run.APART, ("", "")
    names = (form.cleaned_data["first_name"].strip(), form.cleaned_data["second_name"].strip())
    return Run.TOGETHER, names


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    """The partner joins a run for two from their own phone. GET only asks; POST joins."""
    shared = get_shared_to_join(request, code)
    activity = _activity(shared.activity_id)
    if request.method == "POST":
        run = runner.join(request.user, shared)
        return redirect("activities-step", run.code)
    starter = runner.name_of(shared.started_by, None)
    page = {"shared": shared, "activity": activity, "starter": starter}
    return render(request, "activities/join.html", page)


@never_cache
@require_GET
def live(request: HttpRequest, token: str) -> HttpResponse:
    """The version of a run for two, for the screens' poll: one query, no session. A bad or
    expired token and a person no longer allowed get the same 404 as a run that never was."""
    found = live_state.read_token(token)
    version = live_state.current_version(*found) if found else None
    if version is None:
        return JsonResponse({}, status=404)
    return JsonResponse({"version": version})


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
    link = open_link(request.user) if activity.couple else None
    if (activity.couple and link is None) or (
        run.mode == Run.APART and not shared_open(run.shared, request.user, link)
    ):
        # Looks exactly like the activity's page for someone who has no linked partner.
        return _detail_page(request, activity, StartForm(), link=link)
    place = runner.Place(run, steps)
    if place.past_end:
        return redirect("activities-finish", run.code)
    if request.method == "GET":
        return _step_page(request, activity, place)
    press = runner.Press(
        request.POST.get("action", ""), request.POST.get("version"), request.POST.get("deck", "")
    )
    if press.action == runner.STOP:
        messages.success(request, "Stopped for now. You can pick up where you left off.")
        return redirect("activities-index")
    if runner.behind(place, press):
        messages.info(request, CAUGHT_UP)
        return redirect("activities-step", run.code)
    if not runner.allowed(place, press):
        return _step_page(request, activity, place, status=400)
    with transaction.atomic():
        # A step sent twice (kept on a phone offline, then sent again) moves on once.
        if not first_send(request):
            return redirect("activities-step", run.code)
        if not runner.move(place, press):
            messages.info(request, CAUGHT_UP)
    return redirect("activities-finish" if place.past_end else "activities-step", run.code)


def _step_page(
    request: HttpRequest, activity: Activity, place: runner.Place, status: int = 200
) -> HttpResponse:
    state, apart = place.state, place.for_two
    names = runner.names_of(place.run, request.user)
    return render(
        request,
        "activities/step.html",
        {
            "run": place.run,
            "activity": activity,
            "steps": place.steps,
            "current": place.current,
            "number": place.number,
            "total": place.total,
            "last": place.last,
            "turn": runner.turn(place.current, names),
            "names": names,
            "deck": place.deck(names),
            "choices": place.choices,
            "choice_error": status == 400,
            "shared": state if apart else None,
            "live_url": _live_url(request.user, state) if apart else "",
            "poll_every": live_state.POLL_EVERY_MS,
            "other": _other(state, request.user) if apart else "",
            "waiting": apart and state.joined_at is None,
        },
        status=status,
    )


CAUGHT_UP = "Your partner had already moved on, so here is where you both are now."


def _other(shared: SharedRun, user) -> str:
    other = shared.partner if shared.started_by_id == user.pk else shared.started_by
    return other.display_name or "Your partner"


def _live_url(user, shared: SharedRun) -> str:
    return reverse("activities-live", args=[live_state.make_token(user.code, shared.code)])


@login_required
@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    activity = _activity(run.activity_id)
    steps = steps_of(run.activity_id)
    link = open_link(request.user)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "back":
            runner.back_to_last_step(run, steps, link)
            return redirect("activities-step", run.code)
        form = FinishForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["note"].strip()
            note = freetext.write(request.user, text)
            share = form.cleaned_data["share"] and bool(text)
            runner.finish(run, form.cleaned_data["helped"], note, share, link)
            done = reverse("activities-done", args=[run.code])
            helped = freetext.hand_in(
                request.user, note, freetext.Source.ACTIVITY_NOTE, done, run.code
            )
            return redirect(helped or done)
        status = 400
    else:
        note = decrypter(request.user.pk)(run.note)
        tell_if_unreadable(request, note)
        form = FinishForm(initial={"helped": run.helped, "note": note, "share": run.note_shared})
    return render(
        request,
        "activities/finish.html",
        {
            "run": run,
            "activity": activity,
            "steps": steps,
            "form": form,
            "can_share": link is not None,
            "partner": link.partner_of(request.user) if link else None,
        },
        status=status,
    )


@login_required
@require_GET
def done(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    if not run.finished:
        return redirect("activities-step", run.code)
    activity = _activity(run.activity_id)
    favourites = runner.favourite_prompts(run)
    shared_now = notes.shared_now(run)
    note = decrypter(request.user.pk)(run.note)
    tell_if_unreadable(request, note)
    return render(
        request,
        "activities/done.html",
        {
            "run": run,
            "activity": activity,
            "note": note,
            "favourites": favourites,
            "shared_now": shared_now,
            "kept_private": notes.held_back(run),
        },
    )


@login_required
@require_POST
def unshare(request: HttpRequest, code: str) -> HttpResponse:
    """The writer withdraws a shared note: from now on only they can read it."""
    run = get_run_for_user(request, code)
    notes.withdraw(run)
    messages.success(request, "Your note is private again. Only you can read it.")
    return redirect("activities-done", run.code)
