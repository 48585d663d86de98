"""Scoring: one 0..100 scale, higher always healthier, with a missing-data rule."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from attune.core.instruments import get_instrument
from attune.core.scoring import score
from tests.core.strategies import answers

CHECKUP = get_instrument("checkup")
PULSE = get_instrument("pulse")


@given(answers(CHECKUP))
def test_it_keeps_every_score_between_0_and_100(given_answers):
    for result in score(CHECKUP, given_answers).values():
        assert result.score is None or 0 <= result.score <= 100


@given(answers(CHECKUP), st.data())
@settings(max_examples=200)
def test_it_never_lowers_a_score_when_an_answer_moves_toward_the_healthy_end(given_answers, data):
    answered = [i for i in CHECKUP.items if given_answers[i.id] is not None]
    if not answered:
        return
    item = data.draw(st.sampled_from(answered))
    current = given_answers[item.id]
    healthier = [v for v in item.values if item.health(v) > item.health(current)]
    if not healthier:
        return
    moved = {**given_answers, item.id: data.draw(st.sampled_from(healthier))}
    before = score(CHECKUP, given_answers)[item.construct].score
    after = score(CHECKUP, moved)[item.construct].score
    # Moving an answer never changes how many are answered, so both are scored or neither is.
    assert (before is None) == (after is None)
    assert before is None or after >= before


def test_it_reads_reverse_keyed_items_the_other_way_round():
    reverse = next(
        i for i in CHECKUP.items if not i.higher_is_healthier and i.construct == "lonely"
    )
    forward = next(i for i in CHECKUP.items if i.higher_is_healthier and i.construct == "lonely")
    worst = {reverse.id: reverse.highest, forward.id: forward.lowest}
    best = {reverse.id: reverse.lowest, forward.id: forward.highest}
    assert score(CHECKUP, worst)["lonely"].score == 0
    assert score(CHECKUP, best)["lonely"].score == 100


def test_it_gives_the_healthiest_answers_100_and_the_least_healthy_0_everywhere():
    best = {i.id: (i.highest if i.higher_is_healthier else i.lowest) for i in CHECKUP.items}
    worst = {i.id: (i.lowest if i.higher_is_healthier else i.highest) for i in CHECKUP.items}
    assert {r.score for r in score(CHECKUP, best).values()} == {100}
    assert {r.score for r in score(CHECKUP, worst).values()} == {0}


def test_it_places_a_middle_answer_in_the_middle():
    items = CHECKUP.items_for("misunderstood")
    middle = {i.id: (i.lowest + i.highest) // 2 for i in items}
    assert score(CHECKUP, middle)["misunderstood"].score == 50


@given(answers(CHECKUP))
def test_it_withholds_a_score_when_fewer_than_half_the_items_are_answered(given_answers):
    for construct, result in score(CHECKUP, given_answers).items():
        items = CHECKUP.items_for(construct)
        answered = sum(1 for i in items if given_answers[i.id] is not None)
        assert result.answered == answered
        if answered * 2 < len(items):
            assert result.score is None and result.band is None
            assert f"only {answered} of {len(items)}" in result.reason
        else:
            assert result.score is not None and result.band is not None


def test_it_scores_a_construct_with_exactly_half_its_items_answered():
    items = CHECKUP.items_for("lonely")
    half = math.ceil(len(items) / 2)
    given_answers = {i.id: i.highest for i in items[:half]}
    assert score(CHECKUP, given_answers)["lonely"].score is not None


@given(answers(PULSE))
def test_it_scores_the_pulse_on_the_same_scale(given_answers):
    for result in score(PULSE, given_answers).values():
        assert result.score is None or 0 <= result.score <= 100


@given(answers(CHECKUP))
def test_it_is_deterministic(given_answers):
    assert score(CHECKUP, given_answers) == score(CHECKUP, dict(reversed(given_answers.items())))


@given(answers(CHECKUP, skips=False))
def test_it_gives_every_score_a_band_that_contains_it(given_answers):
    for result in score(CHECKUP, given_answers).values():
        assert result.band.min <= result.score <= result.band.max
