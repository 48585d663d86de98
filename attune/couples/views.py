"""Couple mode pages: the partner page, invitations, sharing, the couple report, unlinking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attune.checkups.access import get_checkup_for_user
from attune.core.couple import GAP_POINTS, present
from attune.core.resources import Line, directory
from attune.couples import emails, sharing
from attune.couples.access import get_invitation_for_user, get_link_for_user
from attune.couples.forms import InviteForm, ShareForm
from attune.couples.models import INVITATION_DAYS, Invitation
from attune.safety import notices
from attune.toolkit.charts import PairedRow, grouped_bar_chart
from attune.toolkit.links import absolute_url

# Shown once, then forgotten: the raw invitation link.
NEW_LINK_KEY = "couples_new_link"

# What each refusal of an invitation link says, and the status it answers with.
INVITATION_PROBLEMS = {
    sharing.Refusal.UNKNOWN: (
        404,
        "This link does not work",
        "The link may have been copied only in part. Ask the person who sent it for a new one.",
    ),
    sharing.Refusal.EXPIRED: (
        410,
        "This invitation has expired",
        f"Invitations last {INVITATION_DAYS} days. Ask the person who sent it for a new one.",
    ),
    sharing.Refusal.USED: (
        410,
        "This invitation has already been used",
        "Each invitation works only once. Ask the person who sent it for a new one.",
    ),
    sharing.Refusal.CANCELLED: (
        410,
        "This invitation was withdrawn",
        "It can no longer be used. If you were expecting it, ask for a new one.",
    ),
    sharing.Refusal.INVITER_LINKED: (
        410,
        "This invitation can no longer be used",
        "If you were expecting it, ask the person who sent it for a new one.",
    ),
    sharing.Refusal.OWN: (
        400,
        "This is your own invitation",
        "Send the link to your partner: they open it to link with you. "
        "You can withdraw it from your partner page.",
    ),
    # Shown only to the person who needs care themself, never to the one who invited them.
    sharing.Refusal.PAUSED: (
        400,
        "You cannot link right now",
        "Linking is paused for now. Your partner page has options just for you.",
    ),
    sharing.Refusal.YOU_LINKED: (
        400,
        "You are already linked with a partner",
        "You can be linked with one partner at a time. To accept this invitation, "
        "first unlink from your partner page.",
    ),
}


def _private_lines(country: str | None) -> list[Line]:
    lines = directory()
    return lines.lines_for(country, ("emergency", "abuse", "crisis")) or list(lines.fallback)


def _private_context(request: HttpRequest) -> dict:
    """What a person whose own screen is positive sees, and only they ever see."""
    return {
        "private_lines": _private_lines(request.user.country or None),
        "care": notices.reason(request.user),
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    state = sharing.couple_state(user)
    protected = state.protected if state else sharing.is_protected(user)
    context = {
        "state": state,
        "protected": protected,
        "notice": sharing.pending_notice(user),
        "new_link": request.session.pop(NEW_LINK_KEY, None),
        "invitations": [] if state else list(Invitation.objects.pending().filter(inviter=user)),
        "form": InviteForm(),
    }
    if protected:
        context.update(_private_context(request))
    return render(request, "couples/home.html", context)


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        state = sharing.couple_state(request.user)
        return render(
            request,
            "couples/home.html",
            {
                "state": state,
                "protected": sharing.is_protected(request.user),
                "notice": None,
                "invitations": list(Invitation.objects.pending().filter(inviter=request.user)),
                "form": form,
            },
            status=400,
        )
    try:
        invitation, token = sharing.invite(request.user)
    except sharing.CoupleError as error:
        if error.kind != sharing.Refusal.PAUSED:
            messages.info(request, "You are already linked with a partner.")
        # Paused: the partner page shows this person their private options instead.
        return redirect("couples-home")
    url = absolute_url("couples-join", token)
    request.session[NEW_LINK_KEY] = url
    email = form.cleaned_data["email"]
    if email:
        sent = emails.send("invitation", email, {"inviter": request.user.name, "url": url})
        if sent:
            messages.success(request, "We sent the invitation. You can also copy the link below.")
        else:
            messages.error(request, "We could not send the e-mail. Copy the link below instead.")
    return redirect("couples-home")


@login_required
@require_POST
def cancel_invitation(request: HttpRequest, code: str) -> HttpResponse:
    sharing.cancel_invitation(get_invitation_for_user(request, code))
    messages.info(request, "The invitation is withdrawn. Its link no longer works.")
    return redirect("couples-home")


# Shows the inviter's name to whoever holds the link: not kept by the browser either.
@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = sharing.find_invitation(token)
    problem = sharing.invitation_problem(invitation, request.user)
    if problem is None and request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts-login')}?next={request.path}")
        try:
            link = sharing.accept(token, request.user)
        except sharing.CoupleError as error:
            problem = error.kind
        else:
            partner = link.partner_of(request.user)
            messages.success(request, f"You and {partner.name} are now linked.")
            return redirect("couples-home")
    if problem:
        status, title, words = INVITATION_PROBLEMS[problem]
        if request.method == "GET" and status == 400:
            status = 200
        context = {"title": title, "words": words, "problem": problem}
        return render(request, "couples/join_problem.html", context, status=status)
    return render(request, "couples/join.html", {"inviter": invitation.inviter})


def _share_page(request: HttpRequest, checkup, status: int = 200) -> HttpResponse:
    state = sharing.couple_state(request.user)
    protected = (state.protected if state else sharing.is_protected(request.user)) or (
        not sharing.can_share(checkup)
    )
    context = {
        "checkup": checkup,
        "state": state,
        "protected": protected,
        "shared": state is not None
        and state.my_share is not None
        and state.my_share.checkup_id == checkup.pk,
    }
    if protected:
        context.update(_private_context(request))
    return render(request, "couples/share.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, code: str) -> HttpResponse:
    checkup = get_checkup_for_user(request, code)
    if not checkup.finished:
        raise Http404("Not finished")
    if request.method == "GET":
        return _share_page(request, checkup)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _share_page(request, checkup, status=400)
    if form.cleaned_data["action"] == "withdraw":
        sharing.withdraw(checkup)
        messages.info(request, "This check-up is private again.")
        return redirect("couples-share", code=checkup.code)
    try:
        made, new = sharing.share(checkup, request.user)
    except sharing.CoupleError:
        return _share_page(request, checkup, status=400)
    if new:
        partner = made.link.partner_of(request.user)
        emails.send("shared", partner.email, {"url": absolute_url("couples-home")})
    messages.success(request, "Your five sign scores from this check-up are shared.")
    return redirect("couples-share", code=checkup.code)


def _report_context(state: sharing.CoupleState) -> dict:
    report = sharing.couple_report(state)
    if report is None:
        return {}
    shown = present(report)
    chart = grouped_bar_chart(
        [PairedRow(r.sign.name, r.mine, r.theirs) for r in shown.rows],
        series=("You", state.partner.name),
        chart_id="couple-chart",
        title="The five signs for each of you, each scored from 0 to 100",
        description="Higher is healthier. The table that follows gives both scores and bands.",
    )
    return {
        "rows": shown.rows,
        "chart": chart,
        "agree": shown.agree,
        "gaps": shown.gaps,
        "strengths": shown.strengths,
        "plan": shown.plan,
        "far_apart": shown.far_apart,
        "gap_points": GAP_POINTS,
    }


@login_required
@require_GET
def report(request: HttpRequest, code: str) -> HttpResponse:
    link = get_link_for_user(request, code)
    state = sharing.couple_state(request.user, link)
    context = {"state": state, "protected": state.protected}
    if state.protected:
        context.update(_private_context(request))
    else:
        context.update(_report_context(state))
    return render(request, "couples/report.html", context)


@login_required
@require_GET
def pulses(request: HttpRequest, code: str) -> HttpResponse:
    """Both partners' weekly pulse sign lines, side by side, when both chose to share them."""
    from attune.progress.pulses import pulse_lines_for

    link = get_link_for_user(request, code)
    partner = link.partner_of(request.user)
    # The partner's lines are read either way, so whether they share costs the same to find out.
    mine, theirs = pulse_lines_for(request.user), pulse_lines_for(partner)
    return render(
        request,
        "couples/pulses.html",
        {"link": link, "mine": mine, "theirs": theirs, "partner_name": partner.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unlink(request: HttpRequest, code: str) -> HttpResponse:
    link = get_link_for_user(request, code)
    if request.method == "GET":
        return render(request, "couples/unlink.html", {"link": link})
    other = sharing.unlink(link, request.user)
    emails.send("unlinked", other.email, {"url": absolute_url("couples-home")})
    messages.info(request, "Done. You are no longer linked, and nothing is shared.")
    return redirect("couples-home")


@login_required
@require_POST
def dismiss_notice(request: HttpRequest) -> HttpResponse:
    sharing.dismiss_notice(request.user)
    return redirect("couples-home")
