"""A check-in or pulse kept on a phone offline and sent later counts for the day (or week) the
person made it, not the day it arrived: the phone sends when it saved it (written_at)."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.test import Client

from attune.checkins.models import Checkin
from attune.core.instruments import get_instrument
from attune.progress.models import ProgressSettings, Pulse
from tests.checkins.helpers import PAGE, post_data
from tests.checkups.helpers import healthy_value, unhealthy_value

# Sunday 6 December 2026, ten to midnight in London (UTC in winter); sent twenty past midnight.
MADE = datetime(2026, 12, 6, 23, 50, tzinfo=UTC)
SENT = datetime(2026, 12, 7, 0, 20, tzinfo=UTC)


def ms(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def phone(person) -> Client:
    """The phone that kept the check-in, signed in (the other device's session is older)."""
    client = Client()
    client.force_login(person)
    return client


def late(**fields) -> dict:
    return post_data(write_key="k" * 32, written_at=ms(MADE), **fields)


def test_a_check_in_made_before_midnight_and_sent_after_keeps_its_day(owner_client, owner):
    ProgressSettings.objects.create(user=owner, time_zone="Europe/London")
    with time_machine.travel(SENT, tick=False):
        response = owner_client.post(PAGE, late(stress="7"), follow=True)
        page = response.content.decode()
    assert Checkin.objects.get(user=owner).day == date(2026, 12, 6)
    assert "Your check-in for Sunday 6 December is saved" in page
    # Monday's check-in is still to do.
    assert "You checked in today" not in page


def test_the_day_is_the_one_in_the_persons_own_time_zone(owner_client, owner):
    # 23:50 UTC on Sunday is already Monday morning in Tokyo.
    ProgressSettings.objects.create(user=owner, time_zone="Asia/Tokyo")
    with time_machine.travel(SENT + timedelta(hours=2), tick=False):
        owner_client.post(PAGE, late())
    assert Checkin.objects.get(user=owner).day == date(2026, 12, 7)


def test_a_late_one_replaces_an_older_check_in_of_its_own_day(owner_client, owner):
    with time_machine.travel(MADE - timedelta(hours=5), tick=False):
        owner_client.post(PAGE, post_data(stress="2"))
    with time_machine.travel(SENT, tick=False):
        phone(owner).post(PAGE, late(stress="9"))
    saved = Checkin.objects.get(user=owner)
    assert (saved.day, saved.stress) == (date(2026, 12, 6), 9)


def test_a_newer_one_from_another_device_that_day_is_kept_and_the_page_says_so(owner_client, owner):
    with time_machine.travel(MADE + timedelta(minutes=5), tick=False):
        owner_client.post(PAGE, post_data(stress="2"))
    with time_machine.travel(SENT, tick=False):
        response = phone(owner).post(PAGE, late(stress="9"), follow=True)
    saved = Checkin.objects.get(user=owner)
    assert (saved.day, saved.stress) == (date(2026, 12, 6), 2)
    assert "A newer check-in for Sunday 6 December was already saved" in (response.content.decode())


def test_a_phone_clock_that_runs_ahead_writes_for_today(owner_client, owner):
    ahead = post_data(write_key="k" * 32, written_at=ms(SENT + timedelta(days=3)))
    with time_machine.travel(SENT, tick=False):
        owner_client.post(PAGE, ahead)
    assert Checkin.objects.get(user=owner).day == date(2026, 12, 7)


def pulse_answers(value) -> dict:
    return {item.id: str(value(item)) for item in get_instrument("pulse").items}


def test_a_pulse_made_on_sunday_night_and_sent_on_monday_keeps_its_week(owner_client, owner):
    with time_machine.travel(SENT, tick=False):
        sent = {**pulse_answers(healthy_value), "write_key": "p" * 32, "written_at": ms(MADE)}
        response = owner_client.post("/progress/pulse/", sent, follow=True)
    assert Pulse.objects.get(user=owner).week == date(2026, 11, 30)
    assert "Your pulse for the week of Monday 30 November is saved" in response.content.decode()


def test_a_newer_pulse_from_another_device_that_week_is_kept_and_the_page_says_so(
    owner_client, owner
):
    with time_machine.travel(MADE + timedelta(minutes=5), tick=False):
        owner_client.post("/progress/pulse/", pulse_answers(healthy_value))
    kept = Pulse.objects.get(user=owner).scores
    with time_machine.travel(SENT, tick=False):
        sent = {**pulse_answers(unhealthy_value), "write_key": "q" * 32, "written_at": ms(MADE)}
        response = phone(owner).post("/progress/pulse/", sent, follow=True)
    assert Pulse.objects.get(user=owner).scores == kept
    page = response.content.decode()
    assert "A newer pulse for the week of Monday 30 November was already saved" in page
    assert "is saved" not in page
