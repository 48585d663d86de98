"""Long entries: one risky sentence among many everyday words is not lost to the mean of its
window, a long everyday diary stays silent, and a text of one window is read exactly as before.

The sentences here were written for these tests alone (a test checks they are in no set).
"""

import dataclasses
import re

import numpy as np
import pytest

from attune.cli.safety import LONG_READINGS as CLI_READINGS
from attune.core.safetysets import LabelledText, load_sets
from attune.core.screen.encoder import SPAN, WINDOW, Unit
from attune.core.screen.evaluation import LONG_PLACES, LONG_WORDS, long_texts
from attune.core.screen.heads import Thresholds
from attune.core.screen.model import LONG_READINGS, ModelLayer, SafetyModel, shipped_model
from attune.core.screen.phrases import PhraseLayer, phrases
from attune.core.screen.screening import screen_text
from attune.core.screen.text import prepare
from attune.core.screen.tiers import Tier

DIARY = [
    "The boiler man came at ten and stayed for a cup of tea.",
    "We walked the long way round the reservoir and counted the herons.",
    "Tom burnt the toast again and opened every window in the kitchen.",
    "I finished the library book about the lighthouse keepers.",
    "My sister rang about the christening and we chose a date in May.",
    "After dinner we played cards and I won two games out of three.",
    "The car needs new tyres before the drive to Devon.",
    "We repotted the tomato plants and the kitchen smells of soil.",
]
PLAN = "I have saved up my tablets and I am going to take them all on Friday night."
SIMPLE = "Dinner at seven, I will bring the salad."


def diary(words: int) -> str:
    text, count = [], 0
    while count < words:
        for sentence in DIARY:
            text.append(sentence)
            count += len(sentence.split())
    return " ".join(text)


def layers_reading(reading: str):
    model = shipped_model()
    assert model is not None
    again = SafetyModel(model.encoder, dataclasses.replace(model.settings, long=reading))
    return [PhraseLayer(phrases(), defer=True), ModelLayer(again)]


def test_the_sentences_here_are_in_no_set():
    known = {prepare(t.text).whole for group in load_sets().values() for t in group}
    assert not known & {prepare(text).whole for text in [*DIARY, PLAN, SIMPLE]}


def test_a_plan_on_its_own_gets_help_first():
    # The sentence the long entries bury is one the screen reads as a plan on its own.
    result = screen_text(PLAN)
    assert result.tier == Tier.RESOURCES and result.crisis


@pytest.mark.parametrize("words", [400, 2000])
def test_a_long_entry_with_a_plan_in_the_middle_gets_help_first(words):
    result = screen_text(f"{diary(words // 2)} {PLAN} {diary(words // 2)}")
    assert result.tier == Tier.RESOURCES and result.crisis
    assert "tablets" in result.sentence  # the span that decided names the plan


def test_a_long_entry_with_a_plan_at_the_end_gets_help_first():
    result = screen_text(f"{diary(1500)} {PLAN}")
    assert result.tier == Tier.RESOURCES and result.crisis


@pytest.mark.parametrize("words", [300, 1200, 2500])
def test_a_long_everyday_diary_gets_nothing(words):
    text = diary(words)
    if screen_text(text, layers_reading("windows")).tier:
        # Known of the shipped model, whatever the long reading: its window that begins inside
        # "...opened every window in the kitchen" reads as a plan and gets a check-in.
        pytest.xfail("the model's windows alone already give this diary a check-in")
    assert screen_text(text).tier == Tier.NONE


@pytest.mark.parametrize("words", [300, 1200, 2500])
def test_reading_spans_adds_no_alarm_to_a_long_everyday_diary(words):
    text = diary(words)
    assert screen_text(text).tier <= screen_text(text, layers_reading("windows")).tier
    assert screen_text(text).tier < Tier.RESOURCES


def test_a_short_text_is_read_as_one_window_whatever_the_long_reading():
    text = f"{SIMPLE} {DIARY[0]} {DIARY[1]}"
    passage = prepare(text)
    readings = {r: layers_reading(r)[1].model for r in LONG_READINGS}
    units = {r: model.units(passage) for r, model in readings.items()}
    # One window, the whole text, for every reading: no spans, no shorter windows.
    assert all(len(u) == 1 and not u[0].span for u in units.values())
    assert len({tuple(u[0].ids) for u in units.values()}) == 1
    first = readings["windows"].read(passage)[1]
    for model in readings.values():
        answers = model.read(passage)[1]
        for head, values in first.items():
            assert np.array_equal(values, answers[head])
    results = {r: screen_text(text, layers_reading(r)) for r in LONG_READINGS}
    assert len(set(results.values())) == 1


def test_a_text_of_just_one_window_has_no_spans_and_one_piece_more_has():
    model = layers_reading("spans")[1].model
    base = "we had tea " * 30
    fits = next(
        base + "x " * n
        for n in range(80)
        if len(model.encoder.pieces([prepare(base + "x " * (n + 1)).whole])[0].ids) > WINDOW - 2
    )
    assert len(model.encoder.pieces([prepare(fits).whole])[0].ids) == WINDOW - 2
    assert not any(u.span for u in model.units(prepare(fits)))
    assert any(u.span for u in model.units(prepare(fits + "x")))


def test_spans_are_small_and_read_every_two_neighbouring_sentences_together():
    model = layers_reading("spans")[1].model
    passage = prepare(f"{diary(300)} {PLAN} {diary(300)}")
    whole = model.encoder.pieces([passage.whole])[0]
    spans = whole.spans(passage.starts)
    assert all(len(u.ids) <= SPAN and u.span for u in spans)
    covered = set().union(*(range(u.start, u.end) for u in spans))
    assert covered == set(range(len(whole.ids)))
    # Each sentence is read whole beside the next one, the plan included.
    for this, after in zip(passage.sentences, passage.sentences[1:], strict=False):
        assert any(f"{this} {after}" in u.text for u in spans), this
    # Fewer readings of each piece than a span per sentence with both neighbours (three).
    assert sum(u.end - u.start for u in spans) < 2.75 * len(whole.ids)


def test_a_sentence_longer_than_a_span_is_read_in_overlapping_pieces():
    model = layers_reading("spans")[1].model
    run_on = " ".join(DIARY).replace(".", "") + " and " + PLAN.rstrip(".")
    passage = prepare(f"{diary(300)} {run_on} {diary(100)}")
    whole = model.encoder.pieces([passage.whole])[0]
    spans = whole.spans(passage.starts)
    assert all(len(u.ids) <= SPAN for u in spans)
    assert any("on friday night" in u.text for u in spans)


def test_the_gated_reading_lets_a_span_alone_give_only_a_check_in():
    model = shipped_model()
    same = {k: Thresholds(0.3, 0.6) for k in ("crisis", "abuse")}
    settings = dataclasses.replace(model.settings, thresholds=same, span_thresholds=same)
    window = Unit("window", [], 0, 100)
    span = Unit("span", [], 40, 60, span=True)
    plan = [0.05, 0.0, 0.05, 0.1, 0.8]  # help first on its own
    calm, worried = [0.9, 0.1, 0.0, 0.0, 0.0], [0.5, 0.2, 0.3, 0.0, 0.0]
    for reading, window_row, expected in [
        ("gated", calm, Tier.CHECK_IN),  # the window saw nothing: a check-in at most
        ("gated", worried, Tier.RESOURCES),  # the window agrees: help first
        ("spans", calm, Tier.RESOURCES),
    ]:
        gated = SafetyModel(model.encoder, dataclasses.replace(settings, long=reading))
        answers = {"crisis": np.array([window_row, plan])}
        assert gated.tiers([window, span], answers, "crisis")[1] == expected


def test_a_span_gives_a_tier_only_at_its_own_higher_thresholds():
    model = shipped_model()
    settings = dataclasses.replace(
        model.settings,
        thresholds={k: Thresholds(0.3, 0.6) for k in ("crisis", "abuse")},
        span_thresholds={k: Thresholds(0.9, 0.95) for k in ("crisis", "abuse")},
    )
    spans = SafetyModel(model.encoder, dataclasses.replace(settings, long="spans"))
    window, span = Unit("window", [], 0, 100), Unit("span", [], 40, 60, span=True)
    plan = [0.2, 0.0, 0.0, 0.1, 0.7]  # help first at the window's thresholds, not a span's
    sure = [0.02, 0.0, 0.0, 0.08, 0.9]  # help first at both
    answers = {"crisis": np.array([plan, plan, sure])}
    tiers = spans.tiers([window, span, span], answers, "crisis")
    assert tiers == [Tier.RESOURCES, Tier.NONE, Tier.RESOURCES]


def test_the_command_line_offers_the_models_readings():
    assert CLI_READINGS == LONG_READINGS


TEXTS = [
    LabelledText("I want to end it all tonight.", "plan", "none", "", "none", (), "x#1"),
    LabelledText("He locks me in the flat.", "none", "disclosure", "isolation", "none", (), "x#2"),
    LabelledText("My friend once wanted to die.", "none", "none", "", "none", (), "x#3"),
    LabelledText("Tea later?", "none", "none", "", "none", ("everyday",), "x#4"),
    LabelledText("cooked pasta tonight", "none", "none", "", "none", ("everyday",), "x#5"),
    LabelledText("We never talk.", "none", "none", "", "misunderstood", (), "x#6"),
]


def test_the_long_check_buries_each_risky_text_and_hard_negative_once_in_filler():
    entries = long_texts(TEXTS)
    assert entries == long_texts(TEXTS)  # the same every time
    assert long_texts(TEXTS, seed=2) != entries
    buried = [e.buried.text for e in entries if e.buried]
    # The risky texts, and the hard negatives as `attune safety eval` counts them (a sign
    # statement with no tier is one too); never an everyday line.
    assert sorted(buried) == sorted(t.text for t in [*TEXTS[:3], TEXTS[5]])
    filler = {"Tea later?", "cooked pasta tonight.", "We never talk."}
    for entry in entries:
        assert entry.words in LONG_WORDS and entry.place in LONG_PLACES
        assert len(entry.text.split()) >= entry.words
        lines = re.split(r"(?<=[.?!]) ", entry.text)
        if entry.buried:
            lines.remove(entry.buried.text)
        # Only the set's own everyday lines and sign statements around it.
        assert set(lines) <= filler
    first = next(e for e in entries if e.buried and e.place == 0.0)
    assert first.text.startswith(first.buried.text)
    middle = next(e for e in entries if e.buried and e.place == 0.5)
    at = middle.text.index(middle.buried.text) / len(middle.text)
    assert 0.3 < at < 0.7


def test_a_window_answers_the_same_whatever_else_the_entry_holds():
    # The int8 model quantises a run's input with one scale for the whole run: each unit is
    # read alone, so the first window of two entries that begin alike answers the same.
    model = layers_reading("spans")[1].model
    calm = prepare(f"{diary(300)} {SIMPLE}")
    risky = prepare(f"{diary(300)} {PLAN}")
    (units_a, a), (units_b, b) = model.read(calm), model.read(risky)
    assert units_a[0].ids == units_b[0].ids and len(units_a) > 2
    for head in a:
        assert np.array_equal(a[head][0], b[head][0])
        alone = model.encoder.answer([units_a[0].ids])[head][0]
        assert np.array_equal(a[head][0], alone)
