"""Progress pages: the weekly pulse, trends with honest change, and the weekly rhythm."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat
from django.utils.html import format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attune.checkups.forms import SectionForm
from attune.checkups.models import Checkup
from attune.core.change import EVERYONE, Change, reliable_change, resolution
from attune.progress import calendar
from attune.progress.forms import RhythmForm
from attune.progress.models import ProgressSettings, Pulse, Reminder, hash_token, week_number
from attune.progress.pulses import (
    current_settings,
    everyone_noise,
    local_week,
    pulse_instrument,
    save_pulse,
    settings_for,
    sign_lines,
)
from attune.progress.reminders import schedule
from attune.safety.care import is_protected
from attune.toolkit.charts import LineMark, LinePoint, line_chart
from attune.toolkit.offline import first_send, kept_newer, written_when

# A pulse written on this phone offline arrived after a later one from another device.
NEWER_KEPT = (
    "A newer pulse for {week} was already saved from another device, so that one is kept. "
    "The one saved on this phone while it was offline was not used."
)

# A check-up is marked on the timeline when it falls inside it; the newest few are enough.
CHECKUP_MARKS = 5


@login_required
@require_http_methods(["GET", "POST"])
def pulse(request: HttpRequest) -> HttpResponse:
    """The week's pulse on one page; answering again in the same week replaces it."""
    instrument = pulse_instrument()
    section = instrument.sections[0]
    prefs = current_settings(request.user)
    if request.method == "POST":
        form = SectionForm(section, request.POST, strict=True)
        if form.is_valid():
            # Kept on a phone offline and sent in a later week: the week it was made.
            written = written_when(request)
            week = local_week(prefs.time_zone, written)
            which = "this week" if week == local_week(prefs.time_zone) else _week_of(week)
            with transaction.atomic():
                # Sent twice (kept on a phone offline, then sent again): saved once.
                repeat = not first_send(request)
                # Only a write kept offline can be older than one saved since elsewhere.
                made = None
                if written is not None and not repeat:
                    made = Pulse.objects.filter(user=request.user, week=week).first()
                newer = kept_newer(made.taken_at if made else None, written)
                if not repeat and not newer:
                    save_pulse(request.user, form.answers(), prefs=prefs, now=written)
            if repeat:
                messages.info(request, f"Your pulse for {which} was already saved.")
            elif newer:
                messages.info(request, NEWER_KEPT.format(week=which))
            else:
                messages.success(request, f"Thank you. Your pulse for {which} is saved.")
            return redirect("progress-trends")
    this_week = Pulse.objects.filter(user=request.user, week=local_week(prefs.time_zone)).first()
    if request.method == "GET":
        initial = {
            k: str(v) for k, v in (this_week.answers if this_week else {}).items() if v is not None
        }
        form = SectionForm(section, initial=initial)
    return render(
        request,
        "progress/pulse.html",
        {"instrument": instrument, "section": section, "form": form, "this_week": this_week},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _week_of(monday: date) -> str:
    return "the week of " + dateformat.format(monday, "l j F")


def sentence(change: Change, first_week: date | None) -> str:
    """One plain sentence per sign: "within normal ups and downs" unless the change is real."""
    if change.weeks == 0:
        return "No pulse yet. Your line starts with your first one."
    if change.weeks == 1:
        return "One week so far. A line needs a few more weeks."
    if not change.known:
        return (
            "Not enough weeks yet to tell a real change from normal ups and downs. "
            "Keep going, week by week."
        )
    since = f"{first_week.day} {first_week:%B %Y}" if first_week else "your first pulse"
    if change.direction == "steady":
        return "Within normal ups and downs."
    word = "better" if change.direction == "up" else "harder"
    return (
        f"Really {word} since {since}: from {change.first} to {change.latest}, "
        "more than its normal ups and downs."
    )


def _yardstick(change: Change) -> str:
    if change.threshold is None:
        return ""
    whose = "everyone's weeks" if change.source == EVERYONE else "your own weeks"
    return (
        f"A change counts as real here when it is more than {change.threshold:.0f} points "
        f"(worked out from {whose})."
    )


def _cells(values) -> str:
    return format_html_join(
        "", '<td class="num">{}</td>', (("–" if v is None else v,) for v in values)
    )


@login_required
@require_GET
def trends(request: HttpRequest) -> HttpResponse:
    """One small chart per sign, a table of the same numbers, and an honest sentence for each."""
    instrument = pulse_instrument()
    lines = sign_lines(request.user)
    noise = everyone_noise()
    weeks = [day for day, _ in lines[0].points] if lines else []
    checkups: list[datetime] = []
    if weeks:
        checkups = list(
            Checkup.objects.finished()
            .filter(user=request.user, finished_at__date__gte=weeks[0])
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)[:CHECKUP_MARKS]
        )
    marks = [
        LineMark(
            week_number(when.date()) + when.date().weekday() / 7,
            f"Check-up on {when.day} {when:%B %Y}",
        )
        for when in reversed(checkups)
    ]
    signs = []
    for line in lines:
        change = reliable_change(
            line.scored(),
            everyone=noise.get(line.sign),
            step=resolution(instrument, line.sign),
        )
        first_week = next((day for day, value in line.points if value is not None), None)
        chart = line_chart(
            [
                LinePoint(week_number(day), value, f"{day.day} {day:%b %Y}")
                for day, value in line.points
            ],
            chart_id=f"trend-{line.sign}",
            title=f"{line.name}, week by week",
            marks=marks,
        )
        signs.append(
            {
                "line": line,
                "change": change,
                "sentence": sentence(change, first_week),
                "yardstick": _yardstick(change),
                "chart": chart,
            }
        )
    # Built here, not in a template loop: two years are 600 cells, and this is ten times faster.
    rows = format_html_join(
        "\n",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (f"{day.day} {day:%b %Y}", _cells(line.points[index][1] for line in lines))
            for index, day in enumerate(weeks)
        ),
    )
    return render(
        request,
        "progress/trends.html",
        {"signs": signs, "rows": rows, "lines": lines, "checkups": checkups, "weeks": weeks},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rhythm(request: HttpRequest) -> HttpResponse:
    """Reminders (day, time, e-mail or calendar), the time zone, and pulse sharing."""
    prefs = current_settings(request.user)
    reminders = {r.kind: r for r in Reminder.objects.filter(user=request.user)}
    if request.method == "POST":
        form = RhythmForm(request.POST)
        if form.is_valid():
            _save_rhythm(request.user, prefs, reminders, form.cleaned_data)
            messages.success(request, "Saved. Your reminders keep to your local time.")
            return redirect("progress-reminders")
    else:
        pulse_reminder = reminders.get(Reminder.PULSE)
        talk = reminders.get(Reminder.TALK)
        form = RhythmForm(
            initial={
                "time_zone": prefs.time_zone,
                "pulse_weekday": pulse_reminder.weekday if pulse_reminder else 6,
                "pulse_time": pulse_reminder.at if pulse_reminder else None,
                "pulse_email": pulse_reminder.by_email if pulse_reminder else True,
                "talk_on": talk is not None,
                "talk_weekday": talk.weekday if talk else 4,
                "talk_time": talk.at if talk else None,
                "talk_email": talk.by_email if talk else False,
                "share_pulse": prefs.share_pulse,
            }
        )
    return render(
        request,
        "progress/reminders.html",
        {
            "form": form,
            "prefs": prefs,
            "reminders": reminders,
            "new_feed": request.session.pop("progress_feed_url", None),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _save_rhythm(user, prefs: ProgressSettings, reminders: dict, data: dict) -> None:
    """Save the choices. The first save sent twice at once would have both sends make the
    person's settings and reminders: the one that loses reads again what the other made and
    saves over it, as a second send would."""
    try:
        _save_rhythm_once(user, prefs, reminders, data)
    except IntegrityError:
        again = {r.kind: r for r in Reminder.objects.filter(user=user)}
        _save_rhythm_once(user, current_settings(user), again, data)


def _save_rhythm_once(user, prefs: ProgressSettings, reminders: dict, data: dict) -> None:
    with transaction.atomic():
        prefs.time_zone = data["time_zone"]
        # A person who needs care shares nothing: a new share is refused, whatever was sent.
        prefs.share_pulse = data["share_pulse"] and not is_protected(user)
        if prefs.pk is None:
            prefs.save()
        else:
            prefs.save(update_fields=["time_zone", "share_pulse"])
        wanted = {Reminder.PULSE: ("pulse_weekday", "pulse_time", "pulse_email")}
        if data["talk_on"]:
            wanted[Reminder.TALK] = ("talk_weekday", "talk_time", "talk_email")
        elif Reminder.TALK in reminders:
            reminders[Reminder.TALK].delete()
        for kind, (weekday, at, email) in wanted.items():
            reminder = reminders.get(kind) or Reminder(user=user, kind=kind)
            reminder.weekday = data[weekday]
            reminder.at = data[at]
            reminder.by_email = data[email]
            schedule(reminder, prefs.time_zone)
            reminder.save()


@login_required
@require_POST
def calendar_new(request: HttpRequest) -> HttpResponse:
    """Make a new private feed URL; any older one stops working at once."""
    token = calendar.new_token(settings_for(request.user))
    # Kept only until the next page shows it once: the database holds just its hash.
    request.session["progress_feed_url"] = calendar.feed_url(token)
    return redirect("progress-reminders")


@login_required
@require_POST
def calendar_stop(request: HttpRequest) -> HttpResponse:
    prefs = settings_for(request.user)
    prefs.calendar_token_hash = ""
    prefs.save(update_fields=["calendar_token_hash"])
    messages.success(request, "Your calendar link no longer works.")
    return redirect("progress-reminders")


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed for whoever holds the secret URL; an unknown or revoked token is a 404."""
    prefs = (
        ProgressSettings.objects.select_related("user")
        .filter(calendar_token_hash=hash_token(token), user__is_active=True)
        .exclude(calendar_token_hash="")
        .first()
    )
    if prefs is None:
        raise Http404("No such calendar")
    body = calendar.build(prefs, list(Reminder.objects.filter(user=prefs.user).order_by("kind")))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reminders.ics"'
    return response
