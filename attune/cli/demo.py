"""`attune demo`: create two linked demo people with data to explore."""

from __future__ import annotations

import argparse

PEOPLE = (
    ("robin.demo@example.org", "Robin"),
    ("sam.demo@example.org", "Sam"),
)
WEEKS = 12
CHECKUPS_WEEKS_AGO = (11, 2)

# How each person leans on each part of the check-up, from 0 (hardest) to 4 (healthiest), in
# their latest check-up; the earlier one leans half a point harder. Robin feels lonely and
# misunderstood where Sam does not (the couple report's perception gaps), each has their own
# likely causes (poor listening and little knowledge of each other's inner world for Robin,
# fear of judgement and naming feelings for Sam), and both feel affection and support are
# strong (their shared strengths). The safety screen and crisis item are always answered safe.
PROFILES = (
    {
        "lonely": 1.0,
        "misunderstood": 1.5,
        "imbalance": 2.0,
        "affection": 3.5,
        "support": 3.5,
        "self_awareness": 3.0,
        "fear_of_judgement": 2.5,
        "trust": 4.0,
        "understanding": 1.5,
        "listening": 1.0,
        "self_esteem": 3.0,
        "past": 3.0,
        "mood": 3.0,
        "worry": 2.5,
    },
    {
        "lonely": 3.0,
        "misunderstood": 3.5,
        "imbalance": 2.0,
        "affection": 3.5,
        "support": 4.0,
        "self_awareness": 1.5,
        "fear_of_judgement": 1.0,
        "trust": 3.5,
        "understanding": 2.5,
        "listening": 3.0,
        "self_esteem": 2.5,
        "past": 2.0,
        "mood": 3.0,
        "worry": 3.0,
    },
)
# Robin's pulse: loneliness eases in the last three weeks (after the latest check-up and the
# conversation nights it suggested): the one real change. Everything else holds level.
EASING = {"lonely": (1.5, 2.0, 2.5, 3.0)}


def configure(verbs: argparse._SubParsersAction) -> str:
    verbs.add_parser(
        "demo",
        help="create two linked demo people with twelve weeks of data",
        description=(
            "Create (or create afresh) two demo people, linked as partners, who answer "
            "differently: two finished check-ups each (the latest shared with the other, so "
            "the couple report opens at once), twelve weeks of pulses with one real change, "
            "shared daily check-ins, finished solo activities and a conversation night for two "
            "in progress. Prints their logins and the pages to open. Running it again replaces "
            "the demo people's data and gives them new passwords. Applies migrations first. "
            "For trying Attune out: do not run it on a server people use."
        ),
    )
    return "demo"


def run(args: argparse.Namespace) -> int:
    from attune.cli.serve import _django

    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("migrate", database="keys", interactive=False, verbosity=0)
    logins, notes = populate()
    for note in notes:
        print(note)
    print("Log in at /account/login/ as either person:")
    for email, password in logins:
        print(f"  {email}  password: {password}")
    print("Then open:")
    for path, what in pages():
        print(f"  {path}  {what}")
    return 0


def pages() -> list[tuple[str, str]]:
    """The pages that show the demo best, for either person."""
    from django.urls import reverse

    from attune.accounts.models import User
    from attune.activities.models import Run
    from attune.couples.models import Link

    robin = User.objects.get(email=PEOPLE[0][0])
    link = Link.objects.active().of(robin).first()
    latest = robin.checkups.newest_first().first()
    run = Run.objects.filter(user=robin, finished_at__isnull=True).first()
    found = [
        (reverse("couples-report", args=[link.code]), "the couple report") if link else None,
        (reverse("checkups-report", args=[latest.code]), "Robin's latest check-up report")
        if latest
        else None,
        (reverse("progress-trends"), "the weekly pulse, with one real change (Robin)"),
        (reverse("checkins-home"), "daily check-ins, the partner's shared ones too"),
        (reverse("activities-step", args=[run.code]), "a conversation night for two (Robin)")
        if run
        else None,
    ]
    return [page for page in found if page]


def populate(now=None) -> tuple[list[tuple[str, str]], list[str]]:
    """Create the demo people afresh; return their logins and notes on what was skipped."""
    from django.utils import timezone

    now = now or timezone.now()
    logins = []
    people = []
    for number, (email, name) in enumerate(PEOPLE):
        person, password = _person(email, name)
        _pulses(person, number, now)
        _checkups(person, number, now)
        people.append(person)
        logins.append((email, password))
    notes = [_activities(people, now), _link(*people), _share(people)]
    notes += [_checkins(people, now), _run_for_two(people, now)]
    return logins, notes


def _person(email: str, name: str):
    import secrets

    from attune.accounts.models import User
    from attune.progress.models import Pulse
    from attune.progress.pulses import withdraw_from_pool

    password = "demo-" + secrets.token_urlsafe(9)
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User.objects.create_user(email, password, display_name=name, country="GB")
    else:
        from attune.activities.models import SharedRun
        from attune.checkins.models import Checkin

        withdraw_from_pool(person)
        Pulse.objects.filter(user=person).delete()
        person.checkups.all().delete()
        Checkin.objects.filter(user=person).delete()
        SharedRun.objects.filter(started_by=person).delete()
        person.set_password(password)
        person.save()
    return person, password


def _pulses(person, number: int, now) -> None:
    """Twelve weeks ending this week, near the person's latest check-up: each sign level with a
    little wobble, except Robin's loneliness, which eases over the last weeks.

    The weeks are counted back on the person's own wall clock, so a summer-time change between
    them cannot put two pulses in one week (late on a Sunday, UTC and London disagree on the week).
    """
    import random
    from datetime import time, timedelta
    from zoneinfo import ZoneInfo

    from attune.progress.models import Reminder
    from attune.progress.pulses import pulse_instrument, save_pulse, settings_for
    from attune.progress.reminders import schedule

    prefs = settings_for(person)
    prefs.time_zone = "Europe/London"
    prefs.share_pulse = True
    prefs.save()
    reminder, _ = Reminder.objects.get_or_create(
        user=person,
        kind=Reminder.PULSE,
        defaults={"weekday": 6, "at": time(19, 0), "by_email": False},
    )
    schedule(reminder, prefs.time_zone)
    reminder.save()

    instrument = pulse_instrument()
    profile = PROFILES[number]
    rng = random.Random(number)
    local_now = now.astimezone(ZoneInfo(prefs.time_zone))
    for week in range(WEEKS):
        when = local_now - timedelta(weeks=WEEKS - 1 - week)
        answers = {}
        for item in instrument.items:
            level = profile[item.construct]
            easing = EASING.get(item.construct, ()) if number == 0 else ()
            late = week - (WEEKS - len(easing))
            if late >= 0:
                level = easing[late]
            elif rng.random() < 0.25:
                level += rng.choice((-1, 1))
            lean = min(4, max(0, round(level + 0.01)))
            answers[item.id] = lean if item.higher_is_healthier else 4 - lean
        save_pulse(person, answers, now=when)


def _checkups(person, number: int, now) -> None:
    from datetime import timedelta

    from attune.checkups.models import Checkup
    from attune.core.concepts import CRISIS, SAFETY_CAUSE
    from attune.core.instruments import get_instrument

    instrument = get_instrument("checkup")
    profile = PROFILES[number]
    for index, weeks_ago in enumerate(CHECKUPS_WEEKS_AGO):
        answers = {}
        # Items of one part alternate a quarter point either side of its lean, so a part at
        # 1.5 is answered 2, 1, 2, ... and one at 1.0 is answered 1 throughout.
        seen: dict[str, int] = {}
        for item in instrument.items:
            healthy = item.highest if item.higher_is_healthier else item.lowest
            if item.construct in (CRISIS, SAFETY_CAUSE):
                answers[item.id] = healthy
                continue
            count = seen[item.construct] = seen.get(item.construct, 0) + 1
            lean = profile[item.construct] - (0.5 if index == 0 else 0.0)
            lean += 0.25 if count % 2 else -0.25
            answers[item.id] = _answer(item, lean)
        when = now - timedelta(weeks=weeks_ago)
        Checkup.objects.create(
            user=person,
            instrument_version=instrument.version,
            answers=answers,
            sections_done=len(instrument.sections),
            started_at=when - timedelta(minutes=12),
            finished_at=when,
        )


def _answer(item, lean: float) -> int:
    """The item's value for a lean from 0 (hardest) to 4 (healthiest), whatever its keying."""
    import math

    steps = len(item.values) - 1
    healthy = min(steps, max(0, math.floor(lean * steps / 4 + 0.5)))
    return item.values[healthy if item.higher_is_healthier else steps - healthy]


# Solo activities each demo person finished, weeks ago, with how much each helped (1 to 5).
DEMO_RUNS = (
    ("naming-feelings", 3, 4),
    ("self-compassion-break", 2, 5),
    ("listening-self-check", 1, 3),
)


def _activities(people: list, now) -> str:
    """A few finished solo activities each, so the home page's streak and history have data."""
    from datetime import timedelta

    from attune.activities.models import Run

    for person in people:
        Run.objects.filter(user=person).delete()
        for activity_id, weeks_ago, helped in DEMO_RUNS:
            when = now - timedelta(weeks=weeks_ago)
            Run.objects.create(
                user=person,
                activity_id=activity_id,
                helped=helped,
                started_at=when - timedelta(minutes=10),
                finished_at=when,
            )
    return f"Each demo person has {len(DEMO_RUNS)} finished activities."


def _link(first, second) -> str:
    """Link the two as partners."""
    from attune.couples.models import Link

    mine = Link.objects.active().filter(first__in=(first, second)) | Link.objects.active().filter(
        second__in=(first, second)
    )
    if any({link.first_id, link.second_id} == {first.pk, second.pk} for link in mine):
        return "The two demo people are linked as partners."
    from django.utils import timezone

    mine.update(ended_at=timezone.now())
    Link.objects.create(first=first, second=second)
    return "The two demo people are linked as partners."


def _share(people: list) -> str:
    """Each shares their latest check-up's sign scores, so the couple report opens at once."""
    from attune.couples.sharing import share

    for person in people:
        share(person.checkups.newest_first().first(), person)
    return "Each demo person shares their latest check-up, so the couple report is ready."


# The last few days of check-ins: (days ago, stress 0..10, needs, a line for the partner).
CHECKINS = (
    (
        (2, 6, ["listen"], "Long day. Could we talk after dinner?"),
        (1, 4, ["space"], ""),
        (0, 3, ["closeness"], "A walk together tonight would be lovely."),
    ),
    (
        (2, 7, ["space"], "Deadline week, I need a quiet hour first."),
        (1, 5, ["help"], "Could you sort out the shopping?"),
        (0, 4, ["listen"], "Work is on my mind. Could you hear me out tonight?"),
    ),
)


def _checkins(people: list, now) -> str:
    """A few days of daily check-ins each, shared with the partner (need, stress and a line)."""
    from datetime import timedelta

    from attune.accounts.crypto import encrypt
    from attune.checkins.models import Checkin, local_day
    from attune.couples.sharing import active_link

    for person, days in zip(people, CHECKINS, strict=True):
        link = active_link(person)
        today = local_day("Europe/London", now)
        for days_ago, stress, needs, line in days:
            Checkin.objects.create(
                user=person,
                day=today - timedelta(days=days_ago),
                stress=stress,
                needs=needs,
                # Our own everyday lines, so there is nothing for the free-text screen to find.
                note=encrypt(person.pk, line),
                note_tier=0,
                share_need=True,
                share_stress=True,
                shared_link=link,
                created_at=now - timedelta(days=days_ago),
            )
    return f"Each demo person has {len(CHECKINS[0])} daily check-ins, shared with the other."


def _run_for_two(people: list, now) -> str:
    """A conversation night for two, each on their own phone, started and joined, not finished."""
    from datetime import timedelta

    from attune.activities.models import Run, SharedRun

    robin, sam = people
    started = now - timedelta(minutes=20)
    shared = SharedRun.objects.create(
        activity_id="conversation-night",
        started_by=robin,
        partner=sam,
        step=1,
        created_at=started,
        joined_at=started + timedelta(minutes=2),
    )
    for person in people:
        Run.objects.create(
            user=person,
            activity_id="conversation-night",
            mode=Run.APART,
            shared=shared,
            step=1,
            started_at=started,
        )
    return "Robin and Sam are part-way through a conversation night, each on their own phone."
