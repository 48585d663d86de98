"""The model layer of the safety screen: recall floors, tiers from labels, long entries, signs,
degraded mode, and the int8 file it serves."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from attune.core.safetysets import LabelledText, load_sets
from attune.core.screen.encoder import MODEL_FILE, SETTINGS_FILE, ModelUnavailable, model_dir
from attune.core.screen.evaluation import Rate, evaluate
from attune.core.screen.heads import HEADS, Thresholds
from attune.core.screen.model import load_model, shipped_model
from attune.core.screen.phrases import PhraseLayer, phrases
from attune.core.screen.screening import default_layers, model_status, read_text, screen_text
from attune.core.screen.text import prepare
from attune.core.screen.tiers import Tier

ORDINARY = [
    "We had a quiet evening and talked about the garden.",
    "On Sunday we cooked a big pot of soup for the week.",
    "The train was late again, so I read my book on the platform.",
    "We planned a short trip to the coast in spring.",
    "Work has been busy, but the weekend helped us reset.",
]
# Everyday lines written for this test alone (not in any set): logistics, small talk, chores,
# work, weather, food, plans, mild complaints, affection.
EVERYDAY = [
    "Tea later?",
    "Home late",
    "Could you pick up the kids at five?",
    "The words of a long day",
    "Can you ring the garage about the brakes?",
    "I'll be back around half seven",
    "Shall I get fish and chips on the way home?",
    "The heating's on a timer now",
    "We need to book flights before the prices go up",
    "Your sister sent a card, it's on the table",
    "Don't forget swimming kit for Ella",
    "Dentist moved to Wednesday",
    "The landlord is fixing the window on Friday",
    "Rain all afternoon, so we stayed in with a jigsaw",
    "It's lovely and sunny, let's eat outside",
    "Windy walk on the beach, my hair is a mess",
    "Made a lasagne, there's plenty for tomorrow",
    "I burnt the rice again",
    "Tried that new Thai place, the noodles were great",
    "Fancy a film at the weekend?",
    "Let's visit your gran on Sunday afternoon",
    "Can we go to the garden centre on Saturday?",
    "Hoovered, mopped, done",
    "Washing's dry, can you fold it?",
    "Put the recycling out please",
    "Big presentation on Thursday, a bit nervous",
    "The new team lead seems nice",
    "Spreadsheet finally balanced",
    "Annoyed the bus didn't turn up again",
    "This printer hates me",
    "My phone screen cracked, typical",
    "Love you, have a good day",
    "Thank you for last night, it was lovely",
    "You make the best coffee",
    "Counting down to Friday",
    "Good morning, sleepyhead",
    "Just checking you got home safe",
    "The plants on the windowsill need water",
    "Football was rained off, kids are gutted",
    "A quiet night with a book",
]
# Ordinary relationship pain and disclosures in everyday words, written for these tests alone
# (tests/core/relationship_pain.yaml; docs/safety-model.md, "The CI lists").
LISTS = yaml.safe_load((Path(__file__).parent / "relationship_pain.yaml").read_text())
PAIN = [entry["text"] for entry in LISTS["pain"]]
DISCLOSURES = LISTS["disclosures"]
# The floors are kept on the frozen test set (the tuning set only if it were gone; that one
# chose the thresholds, so its figures flatter the model a little).
SETS = load_sets()
FLOOR_SET = "test" if "test" in SETS else "tune"
# Not in any set or the phrase file; the phrases alone miss both.
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
def floors():
    if FLOOR_SET not in SETS:
        pytest.skip("no tuning or test set yet")
    return evaluate(SETS[FLOOR_SET])


def test_it_loads_the_shipped_model_beside_the_phrases():
    assert model_status() == "ok"
    assert [layer.name for layer in default_layers()] == ["phrase", "model"]


# Floors on the frozen test set: 1,153 texts by five authors who read only the label guide
# and a brief (docs/safety-test-briefs.md), written on 2026-12-08 and read once each for the
# model shipped before and for this one (docs/safety-model.md, "Candidates of 2026-12-08"): crisis
# 149/150, active and plan at help first 107/112, abuse 116/124, hard negatives 8.8% at any tier
# and 1.8% at help first, everyday lines 11/220 and 2 at help first, signs top-1 83.5% and top-2
# 90.0%. The recall floors sit at or a little under what was measured, the false-alarm guards at
# it. Several are short of the targets (95%, 1.5%, 2.5%, none, 92%): they keep the
# screen from getting worse, and a model that does better moves them up.
FLOORS = {
    "crisis recall, any tier (passive, active, plan)": (">=", 0.98),
    "crisis help first (active and plan)": (">=", 0.94),
    "abuse recall with the right class (disclosures)": (">=", 0.92),
    "hard negatives, any tier": ("<=", 0.09),
    "hard negatives, help first": ("<=", 0.019),
    "everyday lines, any tier": ("<=", 0.05),
    "everyday lines, help first": ("<=", 0.01),
    "signs, top-1": (">=", 0.83),
    "signs, top-2": (">=", 0.89),
}


@pytest.mark.parametrize("name", FLOORS)
def test_it_keeps_its_floors_on_the_test_set(floors, name):
    way, floor = FLOORS[name]
    share = floors.figure(name).rate.share
    assert share >= floor if way == ">=" else share <= floor, (floors.misses, floors.false_alarms)


@pytest.mark.parametrize(
    "probabilities, tier",
    [
        ([0.9, 0.05, 0.02, 0.02, 0.01], Tier.NONE),  # none
        ([0.2, 0.7, 0.05, 0.03, 0.02], Tier.CHECK_IN),  # distress
        ([0.2, 0.1, 0.6, 0.05, 0.05], Tier.CHECK_IN),  # passive
        ([0.1, 0.1, 0.1, 0.6, 0.1], Tier.RESOURCES),  # active
        ([0.1, 0.0, 0.1, 0.1, 0.7], Tier.RESOURCES),  # plan
    ],
)
def test_a_crisis_tier_follows_the_label_guide(probabilities, tier):
    assert Thresholds(0.5, 0.5).tier(np.array(probabilities), "crisis") == tier


def test_an_abuse_worry_is_a_check_in_and_a_disclosure_help_first():
    threshold = Thresholds(0.5, 0.5)
    assert threshold.tier(np.array([0.3, 0.6, 0.1]), "abuse") == Tier.CHECK_IN
    assert threshold.tier(np.array([0.2, 0.2, 0.6]), "abuse") == Tier.RESOURCES
    assert threshold.tier(np.array([0.8, 0.1, 0.1]), "abuse") == Tier.NONE


# "Put the recycling out please" was read as a plan (P = 0.98) by the model shipped before
# 2026-12-08, and kept here as a known failure until this one passed it.
@pytest.mark.parametrize("text", EVERYDAY)
def test_it_never_alarms_on_an_everyday_line(text):
    assert screen_text(text).tier < Tier.RESOURCES


def test_it_checks_in_on_few_everyday_lines():
    # 1 of 40 measured (docs/safety-model.md; the model before: 4; the old screen: 6); a guard.
    flagged = [text for text in EVERYDAY if screen_text(text).tier]
    assert len(flagged) <= 2, flagged


def test_it_never_alarms_on_ordinary_relationship_pain():
    tiers = {text: screen_text(text).tier for text in PAIN}
    assert not [text for text, tier in tiers.items() if tier == Tier.RESOURCES]
    # 9 of 78 get a check-in (docs/safety-model.md; the model before: 14; the old screen: 19).
    checked = [text for text, tier in tiers.items() if tier]
    assert len(checked) <= 9, checked


@pytest.mark.parametrize("entry", DISCLOSURES, ids=lambda e: e["text"][:40])
def test_it_still_catches_disclosures_in_everyday_words(entry):
    result = screen_text(entry["text"])
    assert result.tier >= Tier.CHECK_IN
    if not entry.get("known"):
        assert getattr(result, entry["kind"])


def test_the_ci_lists_are_apart_from_the_sets():
    texts = PAIN + [e["text"] for e in DISCLOSURES if not e.get("from_brief")] + EVERYDAY
    known = {prepare(t.text).whole for group in SETS.values() for t in group}
    assert not known & {prepare(text).whole for text in texts}


@pytest.mark.parametrize("text, kind", [(MODEL_ONLY_CRISIS, "crisis"), (MODEL_ONLY_ABUSE, "abuse")])
def test_it_catches_plain_words_the_phrases_miss_and_names_the_label(text, kind):
    assert screen_text(text, [PhraseLayer(phrases())]).tier == 0
    result = screen_text(text)
    assert result.layer == "model" and result.tier >= Tier.CHECK_IN and getattr(result, kind)
    label = result.matched.split(":")
    assert label[0] == kind and label[1] in HEADS[kind][1:]


def test_it_catches_a_crisis_sentence_buried_in_two_thousand_words():
    result = screen_text(f"{words(1000)} {MODEL_ONLY_CRISIS} {words(1000)}")
    assert result.tier >= Tier.CHECK_IN and result.crisis


def test_it_reads_a_long_sentence_without_stops_in_full():
    run_on = words(2000).replace(".", "").replace(",", "")
    windows = shipped_model().encoder.windows([prepare(f"{run_on} {MODEL_ONLY_ABUSE}").whole])
    assert len(windows) > 20
    assert windows[-1][1].endswith("so i cannot go anywhere")


@pytest.mark.parametrize(
    "text",
    [
        "I would never hurt myself, I have too much to live for.",
        "My counsellor asked if I had thought about ending my life and I said no.",
        "This commute is killing me.",
    ],
)
def test_it_gives_no_alarm_to_negated_reported_or_idiomatic_words(text):
    assert screen_text(text).tier < Tier.RESOURCES


def test_it_suggests_the_sign_a_description_sounds_like():
    signs = read_text("We never cuddle anymore and I miss being held.").signs
    assert signs and signs[0].id == "affection" and all(0 < s.score <= 1 for s in signs)
    assert len(signs) <= 2


def test_it_suggests_no_sign_for_a_text_the_screen_flags():
    reading = read_text("He shoves me when he is angry and I feel so alone.")
    assert reading.screen.tier >= Tier.CHECK_IN and reading.signs == ()


def test_it_answers_from_the_phrases_when_the_model_cannot_load(tmp_path):
    with pytest.raises(ModelUnavailable):
        load_model(tmp_path / "missing")
    code = (
        "from attune.core.screen.screening import screen_text, model_status\n"
        "r = screen_text('I want to die.')\n"
        "print(model_status(), r.tier, r.layer)\n"
    )
    env = {"ATTUNE_SAFETY_MODEL_DIR": str(tmp_path / "missing"), "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["degraded", "2", "phrase"]


def test_it_refuses_settings_for_other_heads(tmp_path):
    for name in (MODEL_FILE, "tokenizer.json"):
        (tmp_path / name).symlink_to(model_dir() / name)
    settings = json.loads((model_dir() / SETTINGS_FILE).read_text())
    settings["heads"]["sign"] = ["none", "lonely"]
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(settings))
    with pytest.raises(ModelUnavailable):
        load_model(tmp_path)


def test_it_serves_one_small_int8_file():
    data = (model_dir() / MODEL_FILE).read_bytes()
    assert b"MatMulInteger" in data and len(data) < 40 * 1024 * 1024
    settings = json.loads((model_dir() / SETTINGS_FILE).read_text())
    assert settings["heads"] == {name: list(labels) for name, labels in HEADS.items()}


def test_every_head_answers_a_probability_per_label():
    model = shipped_model()
    answers = model.encoder.answer([ids for _, _, ids in model.encoder.windows(["hello there"])])
    for head, labels in HEADS.items():
        assert answers[head].shape == (1, len(labels))
        assert abs(float(answers[head].sum()) - 1.0) < 1e-3


def test_it_gives_a_wilson_interval():
    low, high = Rate(45, 52).wilson()
    assert (round(low, 3), round(high, 3)) == (0.747, 0.933)
    assert Rate(0, 10).wilson()[0] == 0.0


def test_it_measures_each_target_on_a_labelled_set():
    texts = [
        LabelledText("I want to die.", "active", "none", "", "none", (), "a#1"),
        LabelledText(
            "He hit me again last night.", "none", "disclosure", "physical", "none", (), "a#2"
        ),
        LabelledText("Tea later?", "none", "none", "", "none", ("everyday",), "a#3"),
        LabelledText("I said I would never hurt myself.", "none", "none", "", "none", (), "a#4"),
    ]
    result = evaluate(texts, [PhraseLayer(phrases())])
    assert result.figure("crisis help first (active and plan)").rate == Rate(1, 1)
    assert result.figure("abuse recall with the right class (disclosures)").rate == Rate(1, 1)
    assert result.figure("everyday lines, any tier").rate == Rate(0, 1)
    # The phrase layer alone gives a negated statement a check-in: a false alarm here.
    assert result.figure("hard negatives, any tier").rate == Rate(1, 1)
    assert result.false_alarms == {"hard tier 1": ["I said I would never hurt myself."]}
