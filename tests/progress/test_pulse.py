"""Taking the weekly pulse: one page, private, bad input kept, one pulse a week."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from attune.progress.models import Pulse, PulseNoise
from tests.progress.helpers import PULSE, SIGNS, pulse_post, weekly_pulses

URL = reverse("progress-pulse")


def test_it_shows_every_pulse_question_on_one_page(owner_client):
    page = owner_client.get(URL)
    text = page.content.decode().replace("&#x27;", "'")
    assert page.status_code == 200
    assert all(item.text in text for item in PULSE.items)
    assert "Save my pulse" in text


def test_it_asks_a_stranger_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/account/login/" in response.url


def test_a_complete_pulse_is_saved_with_a_score_per_sign(owner_client, owner):
    response = owner_client.post(URL, pulse_post(4))
    assert response.status_code == 302 and response.url == reverse("progress-trends")
    pulse = Pulse.objects.get(user=owner)
    assert pulse.scores == {sign: 100 for sign in SIGNS}
    assert pulse.instrument_version == PULSE.version


def test_a_missing_answer_reshows_the_page_with_the_other_answers_kept(owner_client, owner):
    data = pulse_post(3)
    missing = PULSE.items[0]
    kept = PULSE.items[1]
    del data[missing.id]
    page = owner_client.post(URL, data)
    text = page.content.decode()
    assert page.status_code == 400
    assert "There is a problem" in text and "Choose an answer to this question." in text
    assert f'value="{data[kept.id]}"' in text and "checked" in text
    assert not Pulse.objects.filter(user=owner).exists()


def test_a_tampered_value_saves_nothing(owner_client, owner):
    page = owner_client.post(URL, pulse_post(3, **{PULSE.items[0].id: 9}))
    assert page.status_code == 400
    assert "not one of the choices" in page.content.decode()
    assert not Pulse.objects.exists()


def test_affection_can_be_skipped(owner_client, owner):
    data = pulse_post(3)
    for item in PULSE.items_for("affection"):
        del data[item.id]
    assert owner_client.post(URL, data).status_code == 302
    assert Pulse.objects.get(user=owner).scores["affection"] is None


def at(day: int):
    return time_machine.travel(datetime(2025, 6, day, 9, tzinfo=ZoneInfo("UTC")))


def test_a_second_pulse_in_the_same_week_replaces_the_first(owner_client, owner):
    with at(2):
        owner_client.logout()
        owner_client.force_login(owner)
        owner_client.post(URL, pulse_post(1))
    with at(5):
        owner_client.logout()
        owner_client.force_login(owner)
        page = owner_client.get(URL)
        assert "You already took this week's pulse" in page.content.decode().replace("&#x27;", "'")
        owner_client.post(URL, pulse_post(4))
    assert Pulse.objects.filter(user=owner).count() == 1
    assert Pulse.objects.get(user=owner).scores["lonely"] == 100


def test_pulses_a_week_apart_add_to_everyones_pool_and_a_replacement_does_not_double(
    owner_client, owner
):
    with at(2):
        owner_client.logout()
        owner_client.force_login(owner)
        owner_client.post(URL, pulse_post(2))
    with at(9):
        owner_client.logout()
        owner_client.force_login(owner)
        owner_client.post(URL, pulse_post(3))
        owner_client.post(URL, pulse_post(4))
    row = PulseNoise.objects.get(construct="lonely")
    assert (row.pairs, row.sum_squares, row.people) == (1, 50.0**2, 1)


def test_the_page_stays_within_ten_queries(owner_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        owner_client.get(URL)
    with django_assert_max_num_queries(10):
        owner_client.post(URL, pulse_post(2, **{PULSE.items[0].id: 7}))


def test_saving_a_pulse_that_joins_the_pool_stays_within_ten_queries(
    owner_client, owner, django_assert_max_num_queries
):
    weekly_pulses(owner, [50], end=date.today() - timedelta(weeks=1))
    owner_client.get(URL)
    with django_assert_max_num_queries(10):
        assert owner_client.post(URL, pulse_post(4)).status_code == 302
    assert PulseNoise.objects.get(construct="lonely").pairs == 1
