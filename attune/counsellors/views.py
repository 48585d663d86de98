"""Counsellor mode pages: a client's joining, choices and leaving; a counsellor's list, spaces,
people, homework and the printable session summary. The rules live in services.py."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from attune.core.concepts import SIGN_IDS, concepts
from attune.counsellors import services
from attune.counsellors.forms import ChoicesForm, JoinForm, SpaceForm, SuggestForm
from attune.counsellors.models import Client, Space


def counsellor_only(view):
    """Counsellor pages answer 404 to everyone but a counsellor, as if they did not exist."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        counsellor = services.counsellor_of(request.user)
        if counsellor is None:
            raise Http404("No such page")
        request.counsellor = counsellor
        return view(request, *args, **kwargs)

    return wrapped


def space_of_counsellor(view):
    """A page of one space: 404 to anyone but the counsellor who opened it (one query)."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, code: str, *args, **kwargs):
        found = (
            Space.objects.open()
            .filter(code=code, counsellor__user=request.user)
            .select_related("counsellor")
            .first()
        )
        if found is None:
            raise Http404("No such space")
        request.counsellor = found.counsellor
        return view(request, found, *args, **kwargs)

    return wrapped


# --- clients -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        space = services.space_for_code(form.cleaned_data["code"])
        if space is not None:
            return redirect("counsellors-join-code", join_code=space.join_code)
        form.add_error("code", "That code does not work. Check it with your counsellor.")
    return render(request, "counsellors/join.html", {"form": form}, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest, join_code: str) -> HttpResponse:
    space = services.space_for_code(join_code)
    if space is None:
        return render(request, "counsellors/join_problem.html", status=404)
    if request.method == "POST":
        try:
            client = services.join(request.user, space)
        except services.CounsellorError as refusal:
            messages.error(request, str(refusal))
            return redirect("counsellors-mine")
        messages.success(
            request, f"You joined {space.counsellor.practice}. Nothing is shared until you choose."
        )
        return redirect("counsellors-choices", code=client.code)
    return render(request, "counsellors/join_confirm.html", {"space": space})


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "counsellors/mine.html", {"places": services.spaces_of(request.user)})


def _own_place(request: HttpRequest, code: str):
    client = services.client_for(request.user, code)
    if client is None:
        raise Http404("No such place")
    return client


@login_required
@require_http_methods(["GET", "POST"])
def choices(request: HttpRequest, code: str) -> HttpResponse:
    client = _own_place(request, code)
    checkups = services.choosable_checkups(request.user)
    notes = services.choosable_notes(request.user)
    form = ChoicesForm(
        request.POST or None, client=client, checkups=checkups, notes=notes, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.choose(
                client,
                kinds=[k for k in services.KINDS if form.cleaned_data[k]],
                checkups=form.cleaned_data["checkups"],
                notes=form.cleaned_data["notes"],
                wants_safety_talk=form.cleaned_data["wants_safety_talk"],
            )
        except services.CounsellorError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Saved. Your counsellor sees only what is ticked.")
            return redirect("counsellors-choices", code=client.code)
    context = {"client": client, "form": form, "practice": client.space.counsellor.practice}
    return render(request, "counsellors/choices.html", context, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, code: str) -> HttpResponse:
    client = _own_place(request, code)
    practice = client.space.counsellor.practice
    if request.method == "POST":
        services.leave(client)
        messages.success(request, f"You left {practice}. They can no longer see anything of yours.")
        return redirect("counsellors-mine")
    return render(request, "counsellors/leave.html", {"client": client, "practice": practice})


# --- counsellors -------------------------------------------------------------------------


@counsellor_only
@require_http_methods(["GET", "POST"])
def clients(request: HttpRequest) -> HttpResponse:
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        space = services.open_space(request.counsellor, form.cleaned_data["label"])
        messages.success(request, f"Opened a space for {space.label}.")
        return redirect("counsellors-space", code=space.code)
    spaces = list(request.counsellor.spaces.open().order_by("label"))
    current = Client.objects.current().filter(space__in=spaces).select_related("user")
    views = services.client_views(list(current))
    rows = [(space, [v for v in views if v.client.space_id == space.pk]) for space in spaces]
    context = {"rows": rows, "form": form, "signs": _signs()}
    return render(request, "counsellors/clients.html", context, status=_status(form))


def _signs():
    model = concepts()
    return [(s, model.signs[s].name) for s in SIGN_IDS]


def _space_context(found: Space, form: SuggestForm) -> dict:
    from django.conf import settings
    from django.urls import reverse

    link = settings.ATTUNE_BASE_URL + reverse("counsellors-join-code", args=[found.join_code])
    return {
        "view": services.space_view(found),
        "join_link": link,
        "suggest_form": form,
        "signs": _signs(),
    }


@space_of_counsellor
@require_safe
def space(request: HttpRequest, found: Space) -> HttpResponse:
    return render(request, "counsellors/space.html", _space_context(found, SuggestForm()))


@space_of_counsellor
@require_POST
def suggest(request: HttpRequest, found: Space) -> HttpResponse:
    form = SuggestForm(request.POST)
    if not form.is_valid():
        return render(request, "counsellors/space.html", _space_context(found, form), status=400)
    activity_id = form.cleaned_data["activity"]
    if form.cleaned_data["action"] == "withdraw":
        services.withdraw_suggestion(found, activity_id)
        messages.success(request, "Suggestion withdrawn.")
    else:
        services.suggest(found, activity_id)
        messages.success(request, "Suggested. It shows in each person's Next up.")
    return redirect("counsellors-space", code=found.code)


@space_of_counsellor
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, found: Space) -> HttpResponse:
    if request.method == "POST":
        services.close_space(found)
        messages.success(request, f"Closed the space for {found.label}.")
        return redirect("counsellors-clients")
    return render(request, "counsellors/close.html", {"space": found})


@space_of_counsellor
@require_safe
def person(request: HttpRequest, found: Space, client_code: str) -> HttpResponse:
    client = (
        found.clients.filter(code=client_code, left_at__isnull=True).select_related("user").first()
    )
    if client is None:
        raise Http404("No such person")
    context = {"space": found, "view": services.client_view(client), "signs": _signs()}
    return render(request, "counsellors/person.html", context)


def _summary_context(request: HttpRequest, found: Space) -> dict:
    return {
        "view": services.space_view(found),
        "signs": _signs(),
        "practice": found.counsellor.practice,
        "made_at": timezone.now(),
    }


@space_of_counsellor
@require_safe
def summary(request: HttpRequest, found: Space) -> HttpResponse:
    return render(request, "counsellors/summary.html", _summary_context(request, found))


@space_of_counsellor
@require_safe
def summary_pdf(request: HttpRequest, found: Space) -> HttpResponse:
    from attune.counsellors.pdf import PdfUnavailable, render_pdf

    html = render(request, "counsellors/summary_pdf.html", _summary_context(request, found))
    try:
        pdf = render_pdf(html.content.decode("utf-8"))
    except PdfUnavailable as why:
        messages.error(request, f"The PDF cannot be made on this server: {why} Print this page.")
        return redirect("counsellors-summary", code=found.code)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="session-summary.pdf"'
    return response
