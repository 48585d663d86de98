"""Pulse sign lines for a partner: only when chosen, only sign scores, never when protected."""

from django.template.loader import render_to_string
from django.urls import reverse

from attune.checkups.models import Checkup
from attune.progress.models import ProgressSettings
from attune.progress.pulses import pulse_lines_for
from tests.checkups.helpers import CHECKUP, healthy_value, unhealthy_value
from tests.progress.helpers import SIGNS, weekly_pulses


def share(user, on=True):
    ProgressSettings.objects.update_or_create(user=user, defaults={"share_pulse": on})


def test_nothing_is_shared_until_the_person_chooses(owner):
    weekly_pulses(owner, [50, 63])
    assert pulse_lines_for(owner) is None
    share(owner, on=False)
    assert pulse_lines_for(owner) is None


def test_shared_lines_hold_sign_scores_and_nothing_else(owner):
    weekly_pulses(owner, [50, 63])
    share(owner)
    lines = pulse_lines_for(owner)
    assert [line.sign for line in lines] == list(SIGNS)
    assert [value for _, value in lines[0].points] == [50, 63]
    assert lines[0].latest == 63


def test_a_positive_safety_screen_silently_stops_sharing(owner):
    weekly_pulses(owner, [50, 63])
    share(owner)
    answers = {item.id: healthy_value(item) for item in CHECKUP.items}
    for item in CHECKUP.items_for("abuse_neglect"):
        answers[item.id] = unhealthy_value(item)
    checkup = Checkup.objects.create(
        user=owner, instrument_version=CHECKUP.version, answers=answers
    )
    checkup.finish()
    checkup.save()
    assert pulse_lines_for(owner) is None


def test_the_setting_is_off_by_default_and_can_be_turned_on(owner_client, owner):
    page = owner_client.get(reverse("progress-reminders")).content.decode()
    assert 'name="share_pulse"' in page and 'name="share_pulse" checked' not in page
    owner_client.post(
        reverse("progress-reminders"),
        {
            "time_zone": "UTC",
            "pulse_weekday": "0",
            "pulse_time": "08:00",
            "talk_weekday": "4",
            "share_pulse": "on",
        },
    )
    assert ProgressSettings.objects.get(user=owner).share_pulse


def test_the_couple_include_shows_both_lines_only_when_both_share(owner, member):
    weekly_pulses(owner, [50, 63, 75])
    weekly_pulses(member, [38, 38, 50])
    share(owner)
    html = render_to_string(
        "progress/_couple_trends.html",
        {"mine": pulse_lines_for(owner), "theirs": pulse_lines_for(member), "partner_name": "Sam"},
    )
    assert "<svg" not in html
    share(member)
    html = render_to_string(
        "progress/_couple_trends.html",
        {"mine": pulse_lines_for(owner), "theirs": pulse_lines_for(member), "partner_name": "Sam"},
    )
    assert html.count("<svg") == len(SIGNS)
    assert html.count("chart-line-second") == len(SIGNS)
    assert "Latest: you 75, Sam 50." in html
