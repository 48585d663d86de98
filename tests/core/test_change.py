"""The reliable-change method: honest about noise, never calling a wobble a change."""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attune.core import change
from attune.core.change import EVERYONE, OWN, Noise, reliable_change, threshold, week_to_week

STEP = 12.5
scores = st.integers(min_value=0, max_value=100)
enough = change.enough_pairs()


def weekly(values):
    return [(week, value) for week, value in enumerate(values)]


@given(value=scores, weeks=st.integers(min_value=0, max_value=120), pool=st.booleans())
def test_it_never_calls_a_constant_series_a_real_change(value, weeks, pool):
    everyone = Noise(500, 500 * 49.0, 40) if pool else None
    result = reliable_change(weekly([value] * weeks), everyone=everyone, step=STEP)
    assert not result.real
    assert result.direction in ("steady", "unknown")


@given(
    history=st.lists(scores, min_size=enough + 1, max_size=60),
    data=st.data(),
)
def test_it_calls_a_step_larger_than_the_threshold_real(history, data):
    # The yardstick comes only from the weeks before the latest, so it is known in advance.
    baseline = reliable_change(weekly([*history, history[0]]), everyone=None, step=STEP)
    assert baseline.source == OWN and not baseline.real
    limit = baseline.threshold
    room_up, room_down = 100 - history[0], history[0]
    if max(room_up, room_down) <= limit:
        return  # no step on the 0..100 scale is big enough from this starting point
    sign = 1 if room_up > limit else -1
    room = room_up if sign == 1 else room_down
    size = data.draw(st.integers(min_value=math.floor(limit) + 1, max_value=room))
    stepped = reliable_change(
        weekly([*history, history[0] + sign * size]), everyone=None, step=STEP
    )
    assert stepped.threshold == limit
    assert stepped.real
    assert stepped.direction == ("up" if sign == 1 else "down")


@given(history=st.lists(scores, min_size=2, max_size=80), pool=st.booleans())
def test_the_threshold_never_falls_below_what_the_data_supports(history, pool):
    everyone = Noise(300, 300 * 81.0, 25) if pool else None
    result = reliable_change(weekly(history), everyone=everyone, step=STEP)
    if result.threshold is None:
        assert not result.real
        return
    noise = week_to_week(weekly(history)[:-1]) if result.source == OWN else everyone
    # Never below 1.96 x the estimated S_diff, and never below one notch plus rounding.
    assert result.threshold >= change.Z * math.sqrt(noise.mean_square) - 1e-9
    assert result.threshold >= STEP + change.ROUNDING


def test_it_says_there_is_not_enough_data_instead_of_guessing():
    result = reliable_change(weekly([20, 30, 90]), everyone=None, step=STEP)
    assert not result.known and not result.real and result.direction == "unknown"


def test_it_uses_everyones_weeks_until_the_person_has_enough():
    everyone = Noise(enough * 4, enough * 4 * 100.0, 5)
    result = reliable_change(weekly([20, 30, 90]), everyone=everyone, step=STEP)
    assert result.source == EVERYONE
    assert result.real and result.direction == "up"


def test_it_does_not_use_a_pool_of_one_person():
    lonely_pool = Noise(enough * 4, enough * 4 * 100.0, 1)
    result = reliable_change(weekly([20, 30, 90]), everyone=lonely_pool, step=STEP)
    assert not result.known


def test_it_counts_only_pairs_exactly_one_week_apart():
    assert week_to_week([(1, 50), (2, 60), (4, 90), (5, 90)]) == Noise(2, 100.0)


def test_enough_pairs_is_where_the_upper_bound_is_within_twice_the_estimate():
    assert change.upper_factor(enough) <= change.WIDEST_UPPER_BOUND
    assert change.upper_factor(enough - 1) > change.WIDEST_UPPER_BOUND
    assert enough == 11


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [(0.025, 7, 1.690), (0.025, 1, 0.000982), (0.975, 10, 20.483), (0.025, 30, 16.791)],
)
def test_the_chi_square_points_match_published_tables(p, df, expected):
    assert change._chi_square_quantile(p, df) == pytest.approx(expected, rel=2e-3)


def test_the_threshold_for_noisy_weeks_matches_the_textbook_formula():
    rng = random.Random(7)
    values = [50 + rng.choice([-13, 0, 12]) for _ in range(40)]
    noise = week_to_week(weekly(values))
    expected = 1.96 * math.sqrt(noise.mean_square) * change.upper_factor(noise.pairs)
    assert threshold(noise, STEP) == pytest.approx(max(expected, STEP + 1), rel=1e-3)


def test_the_pulse_signs_move_in_steps_of_one_eighth(pulse):
    assert all(change.resolution(pulse, sign) == 12.5 for sign in pulse.constructs)
