"""The daily check-in page: today's form, the partner's request, the person's last 14 days."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.views.decorators.http import require_http_methods, require_POST

from attune.accounts.crypto import decrypter, tell_if_unreadable
from attune.checkins.forms import CheckinForm
from attune.checkins.models import HISTORY_DAYS, Checkin, local_day
from attune.checkins.partner import partner_request, time_zone_of
from attune.checkins.records import recent, save_checkin
from attune.couples.sharing import active_link
from attune.safety import freetext, notices
from attune.safety.care import is_protected
from attune.toolkit.offline import first_send, kept_newer, written_when

# A check-in written on this phone offline arrived after a later one from another device.
NEWER_KEPT = (
    "A newer check-in for {day} was already saved from another device, so that one is kept. "
    "The one saved on this phone while it was offline was not used."
)


def get_checkin_for_user(request: HttpRequest, code: str) -> Checkin:
    """A stranger gets 404, never 403: the answer must not reveal that the check-in exists."""
    found = Checkin.objects.filter(code=code, user=request.user).first()
    if found is None:
        raise Http404("No such check-in")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    """Today's check-in; a second one the same day replaces the first."""
    user = request.user
    zone = time_zone_of(user)
    today = local_day(zone)
    link = active_link(user)
    protected = is_protected(user)
    can_share = link is not None and not protected
    days = recent(user, today)
    todays = days[0] if days and days[0].day == today else None
    if request.method == "POST":
        form = CheckinForm(request.POST, can_share=can_share)
        if form.is_valid():
            here = reverse("checkins-home")
            # Kept on a phone offline and sent later (after midnight, say): the day it was made.
            written = written_when(request)
            day = local_day(zone, written) if written else today
            made = todays if day == today else Checkin.objects.filter(user=user, day=day).first()
            when = "today" if day == today else dateformat.format(day, "l j F")
            with transaction.atomic():
                # Sent twice (kept on a phone offline, then sent again): saved once.
                repeat = not first_send(request)
                newer = not repeat and kept_newer(made.updated_at if made else None, written)
                if not repeat and not newer:
                    note = freetext.write(user, form.cleaned_data["note"].strip())
                    link_now = link if can_share else None
                    saved = save_checkin(user, day, form.cleaned_data, note, link_now, made)
            if repeat:
                messages.info(request, f"Your check-in for {when} was already saved.")
                return redirect(here)
            if newer:
                messages.info(request, NEWER_KEPT.format(day=when))
                return redirect(here)
            helped = freetext.hand_in(user, note, freetext.Source.CHECKIN, here, saved.code)
            if helped:
                return redirect(helped)
            messages.success(request, f"Thank you. Your check-in for {when} is saved.")
            return redirect(here)
    else:
        initial = {}
        if todays is not None:
            note = decrypter(user.pk)(todays.note)
            tell_if_unreadable(request, note)
            initial = {
                "stress": todays.stress,
                "needs": todays.needs,
                "note": note,
                "share_need": todays.share_need,
                "share_stress": todays.share_stress,
            }
        form = CheckinForm(initial=initial, can_share=can_share)
    return render(
        request,
        "checkins/checkin.html",
        {
            "form": form,
            "today": today,
            "todays": todays,
            "days": days,
            "history_days": HISTORY_DAYS,
            "linked": link is not None,
            "protected": protected,
            "care": notices.reason(user) if protected else None,
            "request_for_me": partner_request(user),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def delete_checkin(request: HttpRequest, code: str) -> HttpResponse:
    """Delete one of the person's own check-ins for good (a shared one stops showing at once)."""
    get_checkin_for_user(request, code).delete()
    messages.success(request, "That check-in is deleted.")
    return redirect("checkins-home")
