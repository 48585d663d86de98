"""The model layer of the safety screen: recall floors, long entries, degraded mode, training."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from attune.core.content import ContentError
from attune.core.safetymodel import (
    SAFETY_DIR,
    ModelUnavailable,
    Rate,
    choose_thresholds,
    evaluate,
    load_examples,
    load_model,
    load_prototypes,
    read_text,
    shipped_model,
    suggest,
    train,
)
from attune.core.textscreen import default_layers, model_status, prepare, screen_text

FIXTURES = Path(__file__).parent / "fixtures" / "safety"
ORDINARY = [
    "We had a quiet evening and talked about the garden.",
    "On Sunday we cooked a big pot of soup for the week.",
    "The train was late again, so I read my book on the platform.",
    "We planned a short trip to the coast in spring.",
    "Work has been busy, but the weekend helped us reset.",
]
# Not in the bank, the tuning set or the phrase file; the phrases alone miss both.
MODEL_ONLY_CRISIS = "I have started giving my things away so nobody has to sort them out later."
MODEL_ONLY_ABUSE = "He locks the car keys away so I cannot go anywhere."


def words(n: int) -> str:
    text, count = [], 0
    while count < n:
        for sentence in ORDINARY:
            text.append(sentence)
            count += len(sentence.split())
    return " ".join(text)


@pytest.fixture(scope="module")
def frozen():
    return evaluate(load_examples(SAFETY_DIR / "test.yaml"))


def test_it_loads_the_shipped_model_beside_the_phrases():
    assert model_status() == "ok"
    assert [layer.name for layer in default_layers()] == ["phrase", "embedding"]


def test_it_keeps_crisis_recall_at_or_above_what_was_measured(frozen):
    # Issue 8 asks for a 95% floor; the measured figure is 49/52 = 94.2% (docs/safety-model.md),
    # so the issue stays open. Until it is met, a change may not quietly lower the figure.
    assert frozen.recall["crisis"].share >= 49 / 52, frozen.misses


def test_it_meets_the_abuse_recall_floor_on_the_frozen_test_set(frozen):
    assert frozen.recall["abuse"].share >= 0.90, frozen.misses


def test_it_alarms_on_at_most_fifteen_percent_of_hard_negatives(frozen):
    assert frozen.alarmed["hard"].share <= 0.15, frozen.false_alarms


def test_it_flags_no_more_hard_negatives_at_any_tier_than_was_measured(frozen):
    # Check-ins included (60.8% measured): this ceiling keeps the figure from growing unseen.
    assert frozen.flagged["hard"].share <= 0.65, frozen.false_alarms


def test_it_rarely_alarms_on_ordinary_text(frozen):
    assert frozen.alarmed["ordinary"].share <= 0.05, frozen.false_alarms


@pytest.mark.parametrize("text, kind", [(MODEL_ONLY_CRISIS, "crisis"), (MODEL_ONLY_ABUSE, "abuse")])
def test_it_catches_plain_words_the_phrases_miss_and_names_the_nearest_example(text, kind):
    result = screen_text(text)
    assert result.layer == "embedding" and result.tier >= 1 and getattr(result, kind)
    bank = {e.text for e in load_examples(SAFETY_DIR / "bank.yaml") if e.label == kind}
    assert result.matched in bank


def test_it_catches_a_crisis_sentence_buried_in_two_thousand_words():
    result = screen_text(f"{words(1000)} {MODEL_ONLY_CRISIS} {words(1000)}")
    assert result.tier >= 1 and result.crisis
    assert result.sentence == prepare(MODEL_ONLY_CRISIS).whole


def test_it_reads_a_long_sentence_without_stops_in_full():
    run_on = words(2000).replace(".", "").replace(",", "")
    model = shipped_model()
    windows = model.encoder.windows([prepare(f"{run_on} {MODEL_ONLY_ABUSE}").whole])
    assert len(windows) > 20
    assert windows[-1][1].endswith("so i cannot go anywhere")


def test_it_never_alarms_on_a_negated_statement_the_model_reads():
    for text in ["I don't want to die.", "I would never hurt myself.", "He has never hit me."]:
        assert screen_text(text).tier <= 1, text


def test_it_answers_from_the_phrases_when_the_model_cannot_load(tmp_path):
    with pytest.raises(ModelUnavailable):
        load_model(tmp_path / "missing")
    code = (
        "from attune.core.textscreen import screen_text, model_status\n"
        "r = screen_text('I want to die.')\n"
        "print(model_status(), r.tier, r.layer)\n"
    )
    env = {"ATTUNE_SAFETY_MODEL_DIR": str(tmp_path / "missing"), "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["degraded", "2", "phrase"]


def test_it_trains_the_same_weights_twice(tmp_path):
    bank, tuning = FIXTURES / "bank.yaml", FIXTURES / "tuning.yaml"
    encoder = shipped_model().encoder
    train(bank, tuning, tmp_path / "a", encoder)
    train(bank, tuning, tmp_path / "b", encoder)
    for name in ("classifier.json", "bank.npy"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    trained = load_model(tmp_path / "a")
    assert len(trained.bank) == 26 and trained.classifiers["crisis"].check_in > 0


def test_the_shipped_weights_match_the_shipped_bank():
    data = json.loads((SAFETY_DIR / "model" / "classifier.json").read_text())
    bank = load_examples(SAFETY_DIR / "bank.yaml")
    assert [e["text"] for e in data["bank"]] == [e.text for e in bank]
    assert np.load(SAFETY_DIR / "model" / "bank.npy").shape == (len(bank), 384)


def test_it_chooses_the_check_in_threshold_for_the_recall_target():
    positives = [float("inf")] * 45 + [0.1, 0.2, 0.3, 0.4, 0.9]
    check_in, alarm = choose_thresholds(positives, [0.1] * 90 + [0.95] * 10, 0.98)
    assert check_in == 0.2  # 49 of 50 must be caught: only one may fall below
    assert alarm > 0.95  # the model alone may alarm on at most 3% of negatives


def test_it_gives_a_wilson_interval():
    low, high = Rate(45, 52).wilson()
    assert (round(low, 3), round(high, 3)) == (0.747, 0.933)
    assert Rate(0, 10).wilson()[0] == 0.0


def test_it_rejects_an_example_with_an_unknown_label(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text("version: 1\nexamples:\n  - {text: hello, label: maybe, category: x}\n")
    with pytest.raises(ContentError) as caught:
        load_examples(path)
    assert caught.value.field == "examples[0].label"


def test_it_suggests_the_sign_a_description_sounds_like():
    signs = suggest("We never cuddle anymore and I miss being held.")
    assert signs[0].id == "affection" and 0 < signs[0].score <= 1
    assert len(signs) <= 2


def test_it_suggests_no_sign_for_a_text_the_safety_screen_flags():
    reading = read_text("He shoves me when he is angry and I feel so alone.")
    assert reading.screen.tier >= 1 and reading.signs == ()


def test_it_never_suggests_the_safety_cause():
    prototypes = load_prototypes()
    assert "abuse_neglect" not in {concept for concept, _ in prototypes["cause"]}
    assert {concept for concept, _ in prototypes["sign"]} == {
        "lonely",
        "misunderstood",
        "imbalance",
        "affection",
        "support",
    }
