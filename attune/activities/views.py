"""The runner: an activity's page, then one step a page, then one optional closing question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attune.accounts.crypto import decrypter, encrypt, tell_if_unreadable
from attune.activities import live as live_state
from attune.activities import notes
from attune.activities.access import (
    get_run_for_user,
    get_shared_to_join,
    open_link,
    shared_open,
    solo_alternatives,
    waiting_for,
)
from attune.activities.decks import choices_for, prompt_for, walk_for
from attune.activities.forms import FinishForm, StartForm
from attune.activities.models import Run, SharedRun
from attune.core import catalogue
from attune.core.concepts import Activity, concepts
from attune.core.screen.tiers import Tier
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
    run = Run(user=request.user, activity_id=activity.id)
    if activity.couple and form.cleaned_data["mode"] == StartForm.APART:
        run.mode = Run.APART
    elif activity.couple:
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
    if run.mode == Run.APART:
        run.shared = SharedRun.objects.create(
            activity_id=activity.id,
            started_by=request.user,
            partner=link.partner_of(request.user),
            deck_position=run.deck_position,
            favourites=run.favourites,
        )
    run.save()
    return redirect("activities-step", run.code)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    """The partner joins a run for two from their own phone. GET only asks; POST joins."""
    shared = get_shared_to_join(request, code)
    activity = _activity(shared.activity_id)
    if request.method == "POST":
        run = Run.objects.filter(user=request.user, shared=shared).first()
        if run is None:
            run = Run.objects.create(
                user=request.user, activity_id=shared.activity_id, mode=Run.APART, shared=shared
            )
        if shared.joined_at is None:
            SharedRun.objects.filter(pk=shared.pk, joined_at__isnull=True).update(
                joined_at=timezone.now(), version=F("version") + 1
            )
        return redirect("activities-step", run.code)
    return render(
        request,
        "activities/join.html",
        {"shared": shared, "activity": activity, "starter": _name(shared.started_by, None)},
    )


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


def _names(run: Run, user) -> tuple[str, str]:
    typed = decrypter(user.pk)(run.names).split("\n") if run.names else ["", ""]
    first = typed[0] or user.display_name or "You"
    second = typed[1] if len(typed) > 1 and typed[1] else "Your partner"
    return first, second


def _name(person, viewer) -> str:
    if person.display_name:
        return person.display_name
    return "You" if viewer is not None and person.pk == viewer.pk else "Your partner"


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
    link = open_link(request.user) if activity.couple else None
    apart = run.mode == Run.APART
    if (activity.couple and link is None) or (
        apart and not shared_open(run.shared, request.user, link)
    ):
        # Looks exactly like the activity's page for someone who has no linked partner.
        return _detail_page(request, activity, StartForm(), link=link)
    # Each on their own phone, both screens show and move the one shared state.
    state = run.shared if apart else run
    total = len(steps.steps)
    if state.step >= total:
        return redirect("activities-finish", run.code)
    current = steps.steps[state.step]
    walk = walk_for(current, state.chosen_deck)
    choices = choices_for(current)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "stop":
            messages.success(request, "Stopped for now. You can pick up where you left off.")
            return redirect("activities-index")
        if apart and request.POST.get("version") != str(state.version):
            # This screen was behind: act only on what the person could see.
            messages.info(request, CAUGHT_UP)
            return redirect("activities-step", run.code)
        if action == "choose":
            chosen = request.POST.get("deck", "")
            if chosen not in {d.id for d in choices}:
                status = 400
            else:
                state.chosen_deck = chosen
        if action not in STEP_ACTIONS:
            status = 400
        if status == 200:
            with transaction.atomic():
                # A step sent twice (kept on a phone offline, then sent again) moves on once.
                if not first_send(request):
                    return redirect("activities-step", run.code)
                _act(state, action, walk)
                if apart and not _save_shared(state):
                    messages.info(request, CAUGHT_UP)
                elif not apart:
                    run.save()
            if state.step >= total:
                return redirect("activities-finish", run.code)
            return redirect("activities-step", run.code)
    if apart:
        names = (_name(state.started_by, request.user), _name(state.partner, request.user))
    else:
        names = _names(run, request.user) if run.together else None
    return render(
        request,
        "activities/step.html",
        {
            "run": run,
            "activity": activity,
            "steps": steps,
            "current": current,
            "number": state.step + 1,
            "total": total,
            "last": state.step + 1 == total,
            "turn": _turn(current.turn, names) if names else None,
            "names": names,
            "deck": walk.state(state.deck_position, state.favourites, names) if walk else None,
            "choices": choices,
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


def _save_shared(shared: SharedRun) -> bool:
    """Save a move only if nobody moved first (two presses at once move one step, not two)."""
    return bool(
        SharedRun.objects.filter(pk=shared.pk, version=shared.version).update(
            step=shared.step,
            chosen_deck=shared.chosen_deck,
            deck_position=shared.deck_position,
            favourites=shared.favourites,
            version=shared.version + 1,
        )
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
    link = open_link(request.user)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "back":
            if not run.finished and steps is not None and steps.steps:
                _step_back(run, len(steps.steps) - 1, link)
            return redirect("activities-step", run.code)
        form = FinishForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["note"].strip()
            note = freetext.write(request.user, text)
            run.helped = form.cleaned_data["helped"]
            run.note, run.note_tier = note.sealed, note.tier
            run.finished_at = run.finished_at or timezone.now()
            if run.mode == Run.APART and run.shared is not None:
                # Kept with the person's own run, so their next evening picks up from here.
                run.deck_position = run.shared.deck_position
                run.favourites = run.shared.favourites
            notes.set_sharing(run, form.cleaned_data["share"] and bool(text), link)
            run.save()
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


def _step_back(run: Run, last: int, link) -> None:
    if run.mode != Run.APART:
        run.step = last
        run.save(update_fields=["step", "updated_at"])
    elif shared_open(run.shared, run.user, link):
        run.shared.step = last
        _save_shared(run.shared)


@login_required
@require_GET
def done(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    if not run.finished:
        return redirect("activities-step", run.code)
    activity = _activity(run.activity_id)
    favourites = [p for p in map(prompt_for, run.favourites) if p]
    shared_now = run.note_shared and run.shared_in is not None and run.shared_in.active
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
            "kept_private": run.share_wanted
            and not run.note_shared
            and run.note_tier >= Tier.CHECK_IN,
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
