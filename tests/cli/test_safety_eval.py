"""`attune safety eval` and `attune safety train`: each target with its interval; training needs
the train extra and is never run where it is missing (CI)."""

import importlib.util
import json
from pathlib import Path

import pytest

from tests.cli.conftest import run

SETS = Path(__file__).parent.parent / "core" / "fixtures" / "safety" / "sets"
HAS_TORCH = importlib.util.find_spec("torch") is not None


def test_it_prints_each_target_with_its_count_and_interval():
    result = run("safety", "eval", "--sets", str(SETS))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "tune set" in out and "8 texts; layers: phrase, model" in out
    for name in (
        "crisis recall, any tier",
        "crisis help first (active and plan)",
        "abuse recall with the right class",
        "hard negatives, any tier",
        "hard negatives, help first",
        "everyday lines, any tier",
        "everyday lines, help first",
        "signs, top-1",
        "signs, top-2",
        "sign lonely, top-1",
    ):
        assert f"  {name}" in out, name
    assert out.count("%]") >= 14  # each figure carries its interval
    assert "(target >= 97.0%:" in out and "(target <= 1.5%:" in out
    assert "misses:" in out and "false alarms:" in out


def test_it_measures_the_phrase_layer_alone_on_request():
    result = run("safety", "eval", "--sets", str(SETS), "--phrases-only", "--quiet")
    assert result.returncode == 0 and "layers: phrase\n" in result.stdout
    assert "misses:" not in result.stdout


def test_it_says_so_when_the_set_asked_for_is_missing():
    result = run("safety", "eval", "--sets", str(SETS), "--set", "test")
    assert result.returncode == 2 and "no test set" in result.stderr


@pytest.mark.skipif(HAS_TORCH, reason="the train extra is installed here")
def test_it_asks_for_the_train_extra_to_train(tmp_path):
    result = run("safety", "train", "--sets", str(SETS), "--out", str(tmp_path))
    assert result.returncode == 2 and "train extra" in result.stderr
    assert not (tmp_path / "screen.onnx").exists()


@pytest.mark.skipif(not HAS_TORCH, reason="training needs the train extra (never in CI)")
def test_it_trains_an_int8_model_that_the_screen_serves(tmp_path):
    out = tmp_path / "model"
    args = ["--sets", str(SETS), "--out", str(out), "--epochs", "1"]
    result = run("safety", "train", *args, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "trained on 16 texts" in result.stdout and "tuned on 8" in result.stdout
    settings = json.loads((out / "screen.json").read_text())
    assert set(settings["thresholds"]) == {"crisis", "abuse"}
    assert b"MatMulInteger" in (out / "screen.onnx").read_bytes()
    screened = run(
        "screen", "--json", stdin="hello there\n", env={"ATTUNE_SAFETY_MODEL_DIR": str(out)}
    )
    assert screened.returncode == 0 and "phrases only" not in screened.stderr


def test_it_measures_long_entries_built_from_the_set_on_request():
    result = run("safety", "eval", "--sets", str(SETS), "--long", "--reading", "spans", "--quiet")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "long-text check built from the tune set" in out and "long texts read as spans" in out
    for name in (
        "buried risky text, a tier of its kind",
        "buried active, plan or disclosure, help first",
        "buried hard negative, any tier",
        "filler alone, any tier",
        "at 2500 words: buried risky text, a tier of its kind",
    ):
        assert f"  {name}: " in out, name
    # 4 risky texts and 2 hard negatives of the small set, each buried once.
    assert "buried risky text, a tier of its kind: " in out and "/4 = " in out
