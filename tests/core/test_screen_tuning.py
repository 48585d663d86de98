"""Choosing the model's thresholds on the tuning set: the recall goals first, then the fewest
false alarms; the strict goals give up false alarms for recall."""

import numpy as np
import pytest

from attune.cli.main import main
from attune.core.safetysets import LabelledText
from attune.core.screen.tuning import GOALS, Scored, Table, choose_thresholds


def _text(crisis="none", abuse="none", tags=()):
    return LabelledText("t", crisis, abuse, "", "none", tuple(tags), "t.yaml#1")


def _scored(text, crisis, abuse=0.0):
    return Scored(text, 0, frozenset(), {"crisis": crisis, "abuse": abuse},
                  {"crisis": crisis, "abuse": abuse})  # fmt: skip


@pytest.fixture(scope="module")
def scored():
    rng = np.random.default_rng(7)
    # Risky texts the model mostly reads high, a tail of them low, as with new authors' words;
    # hard negatives mostly low, a tail high. Overlap forces a trade.
    plans = [_scored(_text("plan"), p) for p in rng.beta(3, 1.2, 300)]
    abuse = [_scored(_text(abuse="disclosure"), 0.0, p) for p in rng.beta(3, 1.2, 300)]
    pairs = zip(rng.beta(1, 6, 600), rng.beta(1, 6, 600), strict=True)
    hard = [_scored(_text(), p, q) for p, q in pairs]
    days = [_scored(_text(tags=["everyday"]), p) for p in rng.beta(1, 9, 200)]
    return plans + abuse + hard + days


def test_the_strict_goals_are_above_the_issues_targets_and_the_usual_goals():
    for name, goal in GOALS["issue"].items():
        assert GOALS["strict"][name] > goal >= {"crisis_any": 0.97, "crisis_first": 0.94,
                                                 "abuse_any": 0.95}[name]  # fmt: skip


@pytest.mark.parametrize("goals", ["issue", "strict"])
def test_the_thresholds_reach_the_goals_on_the_tuning_texts(scored, goals):
    figures = Table(scored).measure(choose_thresholds(scored, GOALS[goals]))
    for name, goal in GOALS[goals].items():
        assert figures[name] >= goal, (name, figures)


def test_strict_goals_lower_the_thresholds_and_cost_false_alarms(scored):
    table = Table(scored)
    usual, strict = (choose_thresholds(scored, GOALS[g]) for g in ("issue", "strict"))
    assert strict["crisis"].help_first < usual["crisis"].help_first
    assert strict["abuse"].check_in < usual["abuse"].check_in
    assert table.measure(strict)["crisis_first"] > table.measure(usual)["crisis_first"]
    assert table.measure(strict)["hard_any"] > table.measure(usual)["hard_any"]


def test_the_cli_names_a_goal_it_does_not_know(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["safety", "tune", "--goals", "loose"])
    assert exited.value.code == 2
    assert "--goals" in capsys.readouterr().err
