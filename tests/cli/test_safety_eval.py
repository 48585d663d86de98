"""`attune safety eval` and `attune safety train`: figures with intervals, weights reproducible."""

from pathlib import Path

from tests.cli.conftest import run

FIXTURES = Path(__file__).parent.parent / "core" / "fixtures" / "safety"


def test_it_prints_recall_with_intervals_false_positives_and_misses_by_category():
    result = run("safety", "eval")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "layers: phrase, embedding" in out
    for line in ("  crisis ", "  abuse ", "  hard negatives ", "  ordinary text "):
        assert line in out
    assert out.count("%]") >= 4  # each figure carries its interval
    assert "misses by category:" in out and "false positives by category:" in out


def test_it_measures_the_phrase_layer_alone_on_request():
    result = run("safety", "eval", "--phrases-only")
    assert result.returncode == 0 and "layers: phrase\n" in result.stdout


def test_it_trains_identical_weights_twice(tmp_path):
    args = ["--bank", str(FIXTURES / "bank.yaml"), "--tuning", str(FIXTURES / "tuning.yaml")]
    for name in ("a", "b"):
        result = run("safety", "train", *args, "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert "crisis: check-in at" in result.stdout
    for name in ("classifier.json", "bank.npy"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_it_exits_2_naming_the_field_of_a_broken_bank(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text("version: 1\nexamples:\n  - {text: hi, label: maybe, category: x}\n")
    result = run("safety", "train", "--bank", str(bank), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stdout == ""
    assert "examples[0].label" in result.stderr
