"""The labelled sets of the safety screen: each file validates, no text is in two sets, and the
tier a text asks for follows the label guide (docs/safety-labels.md)."""

from pathlib import Path

import pytest

from attune.core.content import ContentError
from attune.core.safetysets import (
    ABUSE_LEVELS,
    ABUSE_TIER,
    CRISIS_RUNGS,
    CRISIS_TIER,
    LabelledText,
    load_sealed,
    load_sets,
)


def _write(root: Path, name: str, file: str, body: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file
    path.write_text(body, encoding="utf-8")
    return path


ONE = 'examples:\n  - {text: "%s", crisis: %s, abuse: %s, %ssign: none, tags: [everyday]}\n'


def test_it_reads_every_set_with_its_labels(tmp_path):
    _write(tmp_path, "train", "a.yaml", ONE % ("tea at six?", "none", "none", ""))
    _write(
        tmp_path,
        "tune",
        "b.yaml",
        ONE % ("he reads my texts", "none", "disclosure", "kind: monitoring, "),
    )
    sets = load_sets(tmp_path)
    assert [t.text for t in sets["train"]] == ["tea at six?"]
    tuned = sets["tune"][0]
    assert (tuned.abuse, tuned.kind, tuned.tier, tuned.source) == (
        "disclosure",
        "monitoring",
        2,
        "b.yaml#1",
    )
    assert "test" not in sets


def test_it_refuses_a_text_written_into_two_sets(tmp_path):
    _write(tmp_path, "train", "a.yaml", ONE % ("Date night Friday?", "none", "none", ""))
    _write(tmp_path, "test", "z.yaml", ONE % ("date night  friday?", "none", "none", ""))
    with pytest.raises(ContentError, match="the same text as train/a.yaml#1"):
        load_sets(tmp_path)


def test_the_sealed_set_is_kept_apart_and_refuses_a_text_of_another_set(tmp_path):
    _write(tmp_path, "train", "a.yaml", ONE % ("Date night Friday?", "none", "none", ""))
    _write(tmp_path, "sealed", "m.yaml", ONE % ("he hides my passport", "none", "disclosure",
                                              "kind: immigration, "))  # fmt: skip
    assert "sealed" not in load_sets(tmp_path)
    assert [t.kind for t in load_sealed(tmp_path)] == ["immigration"]
    _write(tmp_path, "sealed", "n.yaml", ONE % ("date night friday?", "none", "none", ""))
    with pytest.raises(ContentError, match="the same text as train/a.yaml#1"):
        load_sealed(tmp_path)


def test_the_shipped_sealed_set_is_a_whole_test_set_apart_from_the_others():
    sealed = load_sealed()
    assert len(sealed) >= MINIMUM["test"]
    assert {t.crisis for t in sealed} == set(CRISIS_TIER) and any(t.everyday for t in sealed)


@pytest.mark.parametrize(
    "body, field",
    [
        (ONE % ("he took my passport", "none", "disclosure", ""), "examples[0]"),
        (ONE % ("fine", "none", "none", "kind: pets, "), "examples[0]"),
        (ONE % ("fine", "maybe", "none", ""), "examples[0].crisis"),
    ],
    ids=["a disclosure without its kind", "a kind without abuse", "an unknown rung"],
)
def test_it_names_the_field_of_a_bad_label(tmp_path, body, field):
    _write(tmp_path, "train", "bad.yaml", body)
    with pytest.raises(ContentError) as caught:
        load_sets(tmp_path)
    assert caught.value.field == field
    assert caught.value.path.endswith("bad.yaml")


@pytest.mark.parametrize(
    "crisis, abuse, tier",
    [
        ("none", "none", 0),
        ("distress", "none", 1),
        ("passive", "none", 1),
        ("none", "worry", 1),
        ("active", "none", 2),
        ("plan", "none", 2),
        ("none", "disclosure", 2),
        ("passive", "disclosure", 2),
    ],
)
def test_the_tier_a_text_asks_for_follows_the_label_guide(crisis, abuse, tier):
    text = LabelledText("x", crisis, abuse, "threats" if abuse != "none" else "", "none", (), "")
    assert text.tier == tier


def test_the_guide_gives_each_rung_and_level_the_tier_the_screen_uses():
    guide = (Path(__file__).parents[2] / "docs" / "safety-labels.md").read_text()
    rows = {}
    for line in guide.splitlines():
        if line.startswith("| `"):
            label = line.split("`")[1]
            rows.setdefault(label, []).append(line)
    for label, tier in [*CRISIS_TIER.items(), *ABUSE_TIER.items()]:
        assert any(f"(tier {tier})" in row for row in rows[label]), label


# The sizes the screen's design asks for: enough to fine-tune on, to choose with, to measure.
MINIMUM = {"train": 4000, "tune": 800, "test": 1000}


def test_the_shipped_sets_load_and_are_big_enough_to_train_on():
    sets = load_sets()
    assert len(sets.get("train", ())) >= MINIMUM["train"]
    assert len(sets.get("tune", ())) >= MINIMUM["tune"]
    assert len(sets.get("test", ())) >= MINIMUM["test"]
    for name, texts in sets.items():
        assert len(texts) >= MINIMUM[name], name
        assert all(t.text.strip() for t in texts)


def test_the_training_set_covers_every_label_and_the_kinds_that_fool_a_screen():
    train = load_sets()["train"]
    assert {t.crisis for t in train} == set(CRISIS_RUNGS)
    assert {t.abuse for t in train} == set(ABUSE_LEVELS)
    kinds = {t.kind for t in train if t.abuse != "none"}
    assert kinds == {
        "physical",
        "threats",
        "sexual",
        "financial",
        "monitoring",
        "isolation",
        "intimidation",
        "children",
        "immigration",
        "pets",
    }
    signs = [t.sign for t in train]
    assert all(
        signs.count(s) >= 100
        for s in ("lonely", "misunderstood", "imbalance", "affection", "support")
    )
    tags = {tag for t in train for tag in t.tags}
    assert {
        "everyday",
        "negation",
        "reported_speech",
        "third_person",
        "fiction",
        "idiom",
        "grief",
        "long_buried",
        "relationship_pain",
    } <= tags
