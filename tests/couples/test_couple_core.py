"""The couple report's logic, in plain Python: pairs, agreement, gaps, strengths, joint plan."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attune.core.bands import bands
from attune.core.concepts import SIGN_IDS, concepts
from attune.core.content import ContentError
from attune.core.couple import (
    APART_DAYS,
    GAP_POINTS,
    compare,
    gap_prompts,
    joint_plan,
    load_gap_prompts,
)

MODEL = concepts()


def scores(**given):
    return {s: given.get(s, 80) for s in SIGN_IDS}


def test_it_calls_a_gap_of_twenty_points_or_more_a_difference_and_less_agreement():
    report = compare(scores(lonely=30, support=61), scores(lonely=50, support=80), 0)
    assert report.gaps == ("lonely",)
    assert "support" in report.agree and "lonely" not in report.agree


def test_it_lists_the_largest_gap_first():
    report = compare(scores(lonely=10, affection=30), scores(lonely=90, affection=60), 0)
    assert report.gaps == ("lonely", "affection")


def test_it_reads_a_gap_the_same_whichever_partner_scored_lower():
    one = compare(scores(imbalance=20), scores(imbalance=70), 3)
    other = compare(scores(imbalance=70), scores(imbalance=20), 3)
    assert one.gaps == other.gaps == ("imbalance",)
    assert one.agree == other.agree and one.shared_strengths == other.shared_strengths


def test_it_counts_a_sign_as_a_shared_strength_only_when_both_reach_the_line():
    line = bands().strength_at
    report = compare(scores(lonely=line, support=line - 1), scores(lonely=95, support=95), 0)
    assert "lonely" in report.shared_strengths and "support" not in report.shared_strengths


def test_it_leaves_a_sign_without_a_score_out_of_agreement_gaps_and_strengths():
    report = compare(scores(affection=None), scores(affection=10), 0)
    assert "affection" not in report.agree + report.gaps + report.shared_strengths
    assert next(p for p in report.pairs if p.sign == "affection").gap is None


def test_it_says_when_the_check_ups_are_more_than_thirty_days_apart():
    assert compare(scores(), scores(), APART_DAYS + 1).far_apart
    assert not compare(scores(), scores(), APART_DAYS).far_apart


def test_it_plans_first_for_a_strategy_answering_both_partners_weakest_signs():
    # lonely -> conversation, support; affection -> support, candour, conversation
    plan = joint_plan(scores(lonely=10), scores(affection=10), MODEL)
    assert {plan[0].strategy, plan[1].strategy} == {"support", "conversation"}
    assert set(plan[0].signs) == {"lonely", "affection"}


def test_it_puts_couple_activities_before_solo_ones_in_every_step():
    plan = joint_plan(scores(misunderstood=5), scores(imbalance=5), MODEL)
    for step in plan:
        kinds = [MODEL.activities[a].couple for a in step.activities]
        assert kinds == sorted(kinds, reverse=True)
    assert any(not MODEL.activities[a].couple for step in plan for a in step.activities)


def test_it_suggests_no_activity_reserved_for_someone_who_may_be_harmed():
    plan = joint_plan(scores(lonely=0, support=0), scores(misunderstood=0), MODEL)
    planning = {a.id for a in MODEL.activities.values() if a.safety_planning}
    assert not planning & {a for step in plan for a in step.activities}


@given(
    st.lists(st.integers(0, 100), min_size=5, max_size=5),
    st.lists(st.integers(0, 100), min_size=5, max_size=5),
)
def test_it_puts_every_scored_sign_in_exactly_one_of_agree_or_gaps(mine, theirs):
    report = compare(
        dict(zip(SIGN_IDS, mine, strict=True)), dict(zip(SIGN_IDS, theirs, strict=True)), 0
    )
    assert sorted(report.agree + report.gaps) == sorted(SIGN_IDS)
    for pair in report.pairs:
        assert (pair.sign in report.gaps) == (pair.gap >= GAP_POINTS)
    assert 1 <= len(report.plan) <= 3


def test_it_ships_two_or_three_distinct_prompts_for_every_sign():
    prompts = gap_prompts()
    for sign in SIGN_IDS:
        found = prompts.for_sign(sign)
        assert 2 <= len(found) <= 3 and len(set(found)) == len(found)


def test_it_words_no_prompt_as_a_verdict_or_a_yes_no_question():
    banned = ("you are right", "your fault", "should have", "always", "never", "wrong")
    for sign in SIGN_IDS:
        for prompt in gap_prompts().for_sign(sign):
            assert not any(word in prompt.lower() for word in banned), prompt
            assert not prompt.lower().startswith(("do ", "does ", "are ", "is ", "did ")), prompt


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("version: 1\nprompts:\n  lonely: [only one prompt here]\n", "prompts"),
        ("version: 1\n", "(top level)"),
    ],
)
def test_it_refuses_a_prompts_file_that_breaks_its_schema(tmp_path: Path, text, field):
    path = tmp_path / "gap_prompts.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_gap_prompts(path)
    assert caught.value.field.startswith(field)


def test_it_refuses_a_prompts_file_for_a_sign_that_does_not_exist(tmp_path: Path):
    two = ["What helps you feel close?", "Tell me about a good day."]
    body = {s: two for s in (*SIGN_IDS[:4], "jealousy")}
    lines = "\n".join(f"  {s}: {two}" for s in body)
    path = tmp_path / "gap_prompts.yaml"
    path.write_text(f"version: 1\nprompts:\n{lines}\n")
    with pytest.raises(ContentError):
        load_gap_prompts(path)
