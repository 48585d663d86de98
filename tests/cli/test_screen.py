"""`attune screen`: one JSON object per line of stdin, read in full, phrases alone if need be."""

import json

from tests.cli.conftest import run

ORDINARY = "We had a quiet evening and talked about the garden. "


def screen(*lines: str, env: dict | None = None, json_out: bool = True):
    args = ["screen", "--json"] if json_out else ["screen"]
    return run(*args, stdin="".join(f"{line}\n" for line in lines), env=env)


def test_it_prints_one_json_object_per_line_with_the_fields_a_reviewer_needs():
    result = screen("I want to die.", "", "We never cuddle anymore and I miss being held.")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert all(set(r) == {"tier", "crisis", "abuse", "signs", "layer", "nearest"} for r in rows)
    crisis, empty, ordinary = rows
    assert (crisis["tier"], crisis["crisis"], crisis["layer"]) == (2, True, "phrase")
    assert crisis["nearest"] and crisis["signs"] == []
    assert empty == {
        "tier": 0, "crisis": False, "abuse": False, "signs": [], "layer": "none", "nearest": ""
    }  # fmt: skip
    assert ordinary["tier"] == 0 and "affection" in [s["id"] for s in ordinary["signs"]]


def test_it_screens_a_line_over_ten_thousand_characters_in_full():
    line = ORDINARY * 250 + "He hit me again last night."
    assert len(line) > 10_000
    row = json.loads(screen(line).stdout)
    assert row["tier"] == 2 and row["abuse"]


def test_it_names_the_model_layer_and_its_label_for_plain_words():
    row = json.loads(screen("He locks the car keys away so I cannot go anywhere.").stdout)
    assert row["abuse"] and row["layer"] == "model" and row["nearest"] == "abuse:disclosure"


def test_it_still_screens_with_the_phrases_when_the_model_cannot_load(tmp_path):
    result = screen("I want to die.", env={"ATTUNE_SAFETY_MODEL_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert json.loads(result.stdout)["tier"] == 2
    assert "phrases only" in result.stderr


def test_it_prints_a_readable_line_without_json():
    result = screen("I want to die.", "We had a lovely walk.", json_out=False)
    first, second = result.stdout.splitlines()
    assert first.startswith("tier 2  crisis") and "phrase" in first
    assert second.startswith("tier 0")
