"""A person protected by a crisis line cannot turn pulse sharing back on: the partner keeps
seeing exactly what they saw once it was withdrawn."""

from django.urls import reverse

from attune.progress.models import ProgressSettings
from tests.couples.helpers import normalise
from tests.progress.helpers import weekly_pulses
from tests.safety.helpers import answer

CRISIS_LINE = "I want to kill myself tonight"
RHYTHM = {
    "time_zone": "UTC",
    "pulse_weekday": "0",
    "pulse_time": "08:00",
    "talk_weekday": "4",
    "share_pulse": "on",
}


def test_it_keeps_pulse_lines_private_after_a_crisis_line_even_if_sharing_is_ticked_again(
    owner_client, owner, member, linked, sam
):
    for person in (owner, member):
        ProgressSettings.objects.update_or_create(user=person, defaults={"share_pulse": True})
        weekly_pulses(person, [50, 60, 70])
    pulses = reverse("couples-pulses", args=[linked.code])
    assert "<svg" in sam.get(pulses).content.decode()

    response = owner_client.post(reverse("checkins-home"), {"stress": "5", "note": CRISIS_LINE})
    assert response.status_code == 302
    answer(owner_client, owner, "yes")
    assert not ProgressSettings.objects.get(user=owner).share_pulse  # withdrawn, as promised
    quiet = normalise(sam.get(pulses).content.decode(), "Robin", "Sam")

    # The protected person's rhythm page still accepts "share my pulse lines".
    response = owner_client.post(reverse("progress-reminders"), RHYTHM)
    assert response.status_code == 302

    seen = normalise(sam.get(pulses).content.decode(), "Robin", "Sam")
    assert seen == quiet, "the partner sees the protected person's pulse lines again"
