"""The private calendar feed: valid iCalendar, weekly in the person's zone, revocable."""

import re
from datetime import time

from django.urls import reverse
from icalendar import Calendar

from attune.progress.models import ProgressSettings, Reminder, hash_token

REMINDERS = reverse("progress-reminders")


def make_link(client) -> str:
    response = client.post(reverse("progress-calendar-new"))
    assert response.status_code == 302
    page = client.get(REMINDERS).content.decode()
    return re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page).group(1)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_it_lists_each_reminder_as_a_weekly_event_in_the_persons_zone(owner_client, owner):
    ProgressSettings.objects.create(user=owner, time_zone="America/Chicago")
    Reminder.objects.create(user=owner, kind=Reminder.PULSE, weekday=6, at=time(19, 0))
    Reminder.objects.create(user=owner, kind=Reminder.TALK, weekday=4, at=time(20, 30))
    response = owner_client.get(path_of(make_link(owner_client)))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Weekly check-in", "Conversation night"}
    pulse = events["Weekly check-in"]
    start = pulse.decoded("dtstart")
    assert (start.weekday(), start.hour, start.minute) == (6, 19, 0)
    assert str(start.tzinfo) == "America/Chicago"
    assert pulse["rrule"]["FREQ"] == ["WEEKLY"] and pulse["rrule"]["BYDAY"] == ["SU"]
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    assert events["Conversation night"].decoded("dtstart").hour == 20


def test_the_link_is_shown_once_and_only_its_hash_is_stored(owner_client, owner):
    url = make_link(owner_client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert ProgressSettings.objects.get(user=owner).calendar_token_hash == hash_token(token)
    assert token not in owner_client.get(REMINDERS).content.decode()


def test_a_new_link_stops_the_old_one(owner_client, owner):
    old = make_link(owner_client)
    new = make_link(owner_client)
    assert owner_client.get(path_of(old)).status_code == 404
    assert owner_client.get(path_of(new)).status_code == 200


def test_turning_the_link_off_stops_it(owner_client):
    url = make_link(owner_client)
    owner_client.post(reverse("progress-calendar-stop"))
    assert owner_client.get(path_of(url)).status_code == 404


def test_a_guessed_token_is_a_404(client):
    assert client.get(reverse("progress-calendar-feed", args=["guess"])).status_code == 404


def test_a_get_never_makes_or_stops_a_link(owner_client, owner):
    assert owner_client.get(reverse("progress-calendar-new")).status_code == 405
    assert owner_client.get(reverse("progress-calendar-stop")).status_code == 405
    assert not ProgressSettings.objects.filter(user=owner).exclude(calendar_token_hash="").exists()


def test_discreet_mode_gives_events_a_neutral_title(owner_client, owner):
    owner.discreet = True
    owner.save()
    Reminder.objects.create(user=owner, kind=Reminder.TALK, weekday=4, at=time(20, 30))
    calendar = Calendar.from_ical(owner_client.get(path_of(make_link(owner_client))).content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Reminder"]
