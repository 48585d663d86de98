"""Interpretation: likely causes with evidence, strengths, a plan, and the safety overrides."""

import pytest
from hypothesis import given

from attune.core.concepts import STRATEGY_IDS, concepts
from attune.core.instruments import AnswerError, get_instrument
from attune.core.report import build_report
from tests.core.strategies import answers

CHECKUP = get_instrument("checkup")


def healthy(instrument, construct=None):
    return {
        i.id: (i.highest if i.higher_is_healthier else i.lowest)
        for i in instrument.items
        if construct is None or i.construct == construct
    }


def unhealthy(instrument, construct):
    return {
        i.id: (i.lowest if i.higher_is_healthier else i.highest)
        for i in instrument.items
        if i.construct == construct
    }


def couple_activities(report):
    return [a.id for step in report.plan for a in step.activities if a.couple]


@given(answers(CHECKUP))
def test_it_always_plans_exactly_three_different_strategies(given_answers):
    report = build_report(CHECKUP, given_answers)
    strategies = [step.strategy for step in report.plan]
    assert len(strategies) == 3 and len(set(strategies)) == 3
    assert set(strategies) <= set(STRATEGY_IDS)
    assert all(step.activities for step in report.plan)


@given(answers(CHECKUP))
def test_every_planned_activity_exists_and_says_truly_whether_it_is_for_a_couple(given_answers):
    model = concepts()
    for step in build_report(CHECKUP, given_answers).plan:
        for activity in step.activities:
            assert activity.couple == model.activities[activity.id].couple


@given(answers(CHECKUP))
def test_a_positive_abuse_screen_removes_every_couple_activity(given_answers):
    flagged = next(i for i in CHECKUP.items_for("abuse_neglect") if i.flag_at is not None)
    report = build_report(CHECKUP, {**given_answers, flagged.id: flagged.flag_at})
    assert report.safety.abuse
    assert couple_activities(report) == []
    first = report.plan[0].activities[0].id
    assert concepts().activities[first].safety_planning


def test_without_the_screen_the_plan_offers_couple_activities():
    report = build_report(CHECKUP, {**healthy(CHECKUP), **unhealthy(CHECKUP, "lonely")})
    assert not report.safety.positive
    assert couple_activities(report)


def test_a_positive_crisis_answer_sets_the_crisis_flag_and_a_zero_does_not():
    crisis = CHECKUP.items_for("crisis")[0]
    assert build_report(CHECKUP, {crisis.id: crisis.flag_at}).safety.crisis
    calm = crisis.lowest if not crisis.higher_is_healthier else crisis.highest
    assert not build_report(CHECKUP, {crisis.id: calm}).safety.crisis
    assert not build_report(CHECKUP, {}).safety.crisis


def test_the_safety_cause_is_never_ranked_as_a_likely_cause_or_a_strength():
    worst = unhealthy(CHECKUP, "abuse_neglect")
    report = build_report(CHECKUP, {**healthy(CHECKUP), **worst})
    assert "abuse_neglect" not in [c.cause for c in report.likely_causes]
    best = build_report(CHECKUP, healthy(CHECKUP))
    assert "abuse_neglect" not in best.strengths


def test_it_ranks_the_weakest_cause_first_and_says_which_answers_point_to_it():
    given_answers = {**healthy(CHECKUP), **unhealthy(CHECKUP, "listening")}
    trust = unhealthy(CHECKUP, "trust")
    trust.update(list(healthy(CHECKUP, "trust").items())[:1])
    report = build_report(CHECKUP, {**given_answers, **trust})
    assert [c.cause for c in report.likely_causes] == ["listening", "trust"]
    evidence = report.likely_causes[0].evidence
    assert {e.item_id for e in evidence} == {i.id for i in CHECKUP.items_for("listening")}
    assert all(e.answer and e.text for e in evidence)


def test_a_weak_cause_brings_its_solo_exercise_into_the_plan():
    given_answers = {**healthy(CHECKUP), **unhealthy(CHECKUP, "self_awareness")}
    given_answers.update(unhealthy(CHECKUP, "imbalance"))
    report = build_report(CHECKUP, given_answers)
    planned = [a.id for step in report.plan for a in step.activities]
    assert "naming-feelings" in planned


def test_strengths_are_the_high_scores_highest_first():
    report = build_report(CHECKUP, healthy(CHECKUP))
    assert "lonely" in report.strengths and "trust" in report.strengths
    weak = build_report(CHECKUP, {**healthy(CHECKUP), **unhealthy(CHECKUP, "trust")})
    assert "trust" not in weak.strengths


def test_the_plan_leads_with_the_strategy_for_the_weakest_signs():
    given_answers = healthy(CHECKUP)
    for sign in ("misunderstood", "support"):
        given_answers.update(unhealthy(CHECKUP, sign))
    assert build_report(CHECKUP, given_answers).plan[0].strategy == "listening"


@given(answers(CHECKUP))
def test_it_is_deterministic(given_answers):
    assert build_report(CHECKUP, given_answers) == build_report(CHECKUP, dict(given_answers))


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"no_such_item": 1}, "there is no item"),
        ({"lonely_1": 99}, "not one of the allowed values"),
        ({"lonely_1": "2"}, "not one of the allowed values"),
        ({"lonely_1": True}, "not one of the allowed values"),
    ],
)
def test_it_refuses_answers_that_do_not_fit_the_instrument(bad, message):
    with pytest.raises(AnswerError, match=message):
        build_report(CHECKUP, bad)
