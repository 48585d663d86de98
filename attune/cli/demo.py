"""`attune demo`: create two linked demo people with data to explore."""

from __future__ import annotations

import argparse

PEOPLE = (
    ("robin.demo@example.org", "Robin"),
    ("sam.demo@example.org", "Sam"),
)
WEEKS = 12
CHECKUPS_WEEKS_AGO = (11, 2)
# Per sign: where the answers start (0..4) and how far they climb over the twelve weeks.
RISE = {"lonely": (1.0, 2.5), "support": (1.5, 2.0)}


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "demo",
        help="create two linked demo people with twelve weeks of data",
        description=(
            "Create (or create afresh) two demo people, linked as partners, each with twelve "
            "weeks of pulses and two finished check-ups, then print their logins. Running it "
            "again replaces the demo people's data and gives them new passwords. Applies "
            "migrations first. For trying Attune out: do not run it on a server people use."
        ),
    )
    parser.set_defaults(verb="demo")
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
    return 0


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
    return logins, [_activities(people), _link(*people)]


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
        withdraw_from_pool(person)
        Pulse.objects.filter(user=person).delete()
        person.checkups.all().delete()
        person.set_password(password)
        person.save()
    return person, password


def _pulses(person, number: int, now) -> None:
    """Twelve weeks ending this week: two signs rising, the rest level, all with some wobble.

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
    rng = random.Random(number)
    local_now = now.astimezone(ZoneInfo(prefs.time_zone))
    for week in range(WEEKS):
        when = local_now - timedelta(weeks=WEEKS - 1 - week)
        answers = {}
        for item in instrument.items:
            start, rise = RISE.get(item.construct, (2.0, 0.0))
            level = start + rise * week / (WEEKS - 1) + rng.choice((-1, 0, 0, 0, 0, 1))
            lean = min(4, max(0, round(level)))
            answers[item.id] = lean if item.higher_is_healthier else 4 - lean
        save_pulse(person, answers, now=when)


def _checkups(person, number: int, now) -> None:
    from datetime import timedelta

    from attune.checkups.models import Checkup
    from attune.core.concepts import CRISIS, SAFETY_CAUSE
    from attune.core.instruments import get_instrument

    instrument = get_instrument("checkup")
    for index, weeks_ago in enumerate(CHECKUPS_WEEKS_AGO):
        answers = {}
        for position, item in enumerate(instrument.items):
            healthy = item.highest if item.higher_is_healthier else item.lowest
            if item.construct in (CRISIS, SAFETY_CAUSE):
                answers[item.id] = healthy
                continue
            middle = item.values[len(item.values) // 2]
            # The later check-up leans healthier, and the two people differ a little.
            answers[item.id] = healthy if (position + index + number) % 3 == 0 else middle
        when = now - timedelta(weeks=weeks_ago)
        Checkup.objects.create(
            user=person,
            instrument_version=instrument.version,
            answers=answers,
            sections_done=len(instrument.sections),
            started_at=when - timedelta(minutes=12),
            finished_at=when,
        )


# Solo activities each demo person finished, weeks ago, with how much each helped (1 to 5).
DEMO_RUNS = (
    ("naming-feelings", 3, 4),
    ("self-compassion-break", 2, 5),
    ("listening-self-check", 1, 3),
)


def _activities(people: list) -> str:
    """A few finished solo activities each, so the home page's streak and history have data."""
    from datetime import timedelta

    from django.utils import timezone

    from attune.activities.models import Run

    now = timezone.now()
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
    """Link the two as partners, with the couple app's own model (built alongside this one)."""
    try:
        from attune.couples.models import Link
    except ImportError:
        return "Couple links are not built yet, so the two demo people are not linked."
    mine = Link.objects.active().filter(first__in=(first, second)) | Link.objects.active().filter(
        second__in=(first, second)
    )
    if any({link.first_id, link.second_id} == {first.pk, second.pk} for link in mine):
        return "The two demo people are linked as partners."
    from django.utils import timezone

    mine.update(ended_at=timezone.now())
    Link.objects.create(first=first, second=second)
    return "The two demo people are linked as partners."
