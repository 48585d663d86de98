"""The trend page: a chart per sign, the numbers as a table, and an honest sentence each."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from attune.checkups.models import Checkup
from attune.core.instruments import get_instrument
from attune.progress.models import PulseNoise
from tests.progress.helpers import SIGNS, weekly_pulses

URL = reverse("progress-trends")


def sentences(html: str) -> list[str]:
    return re.findall(r'class="trend-sentence"[^>]*>([^<]*)<', html)


def dots(html: str, sign: str) -> int:
    chart = re.search(rf'id="trend-{sign}".*?</svg>', html, re.S).group(0)
    return re.search(r'class="chart-dots" d="([^"]*)"', chart).group(1).count("h0")


def test_it_invites_a_first_pulse_when_there_is_none(owner_client):
    text = owner_client.get(URL).content.decode()
    assert "No pulses yet" in text and reverse("progress-pulse") in text


def test_it_draws_one_chart_per_sign_with_a_point_a_week_and_a_table(owner_client, owner):
    weekly_pulses(owner, [50, 63, 50, 38, 50, 63, 50, 50, 38, 50, 63, 50])
    html = owner_client.get(URL).content.decode()
    assert all(dots(html, sign) == 12 for sign in SIGNS)
    assert html.count("<svg") == len(SIGNS)
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count("<tr>") == 12
    assert "style=" not in html and "<script>" not in html


def test_it_says_honestly_when_there_is_not_enough_data(owner_client, owner):
    weekly_pulses(owner, [50, 63, 100])
    assert set(sentences(owner_client.get(URL).content.decode())) == {
        "Not enough weeks yet to tell a real change from normal ups and downs. "
        "Keep going, week by week."
    }


def test_steady_weeks_read_as_within_normal_ups_and_downs(owner_client, owner):
    weekly_pulses(owner, [50, 63, 50, 38, 50, 63, 50, 50, 38, 50, 63, 50, 63, 63])
    assert set(sentences(owner_client.get(URL).content.decode())) == {
        "Within normal ups and downs."
    }


def test_a_big_step_after_steady_weeks_reads_as_a_real_change(owner_client, owner):
    pulses = weekly_pulses(owner, [25] * 13 + [88])
    found = sentences(owner_client.get(URL).content.decode())
    first = pulses[0].week
    assert found == [
        f"Really better since {first.day} {first:%B %Y}: from 25 to 88, "
        "more than its normal ups and downs."
    ] * len(SIGNS)


def test_everyones_weeks_give_the_yardstick_before_the_persons_own_do(owner_client, owner):
    assert PulseNoise.objects.update(pairs=200, sum_squares=200 * 100.0, people=30) == len(SIGNS)
    weekly_pulses(owner, [25, 25, 75])
    html = owner_client.get(URL).content.decode().replace("&#x27;", "'")
    assert "worked out from everyone's weeks" in html
    assert sentences(html)[0].startswith("Really better since")


def test_finished_checkups_are_marked_on_the_same_timeline(owner_client, owner):
    weekly_pulses(owner, [50] * 6)
    checkup = Checkup.objects.create(
        user=owner,
        instrument_version=get_instrument("checkup").version,
        finished_at=timezone.now() - timedelta(weeks=2),
    )
    Checkup.objects.create(user=owner, instrument_version=1)  # not finished: not marked
    html = owner_client.get(URL).content.decode()
    assert html.count('class="chart-mark"') == len(SIGNS)
    assert f"Check-up on {checkup.finished_at.day} {checkup.finished_at:%B %Y}" in html


def test_it_shows_only_the_persons_own_pulses(owner_client, owner, member):
    weekly_pulses(member, [13] * 4)
    assert "No pulses yet" in owner_client.get(URL).content.decode()


def test_two_years_of_weekly_pulses_render_in_ten_queries(
    owner_client, owner, django_assert_max_num_queries
):
    # The 50 ms budget is measured in bench/trends.py, not here: timings belong in benchmarks.
    weekly_pulses(owner, [(week * 37) % 101 for week in range(104)])
    owner_client.get(URL)
    with django_assert_max_num_queries(10):
        response = owner_client.get(URL)
    assert response.status_code == 200 and dots(response.content.decode(), "lonely") == 104
    assert len(response.content) < 60 * 1024
