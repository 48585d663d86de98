"""`attune score`: the JSON contract, the readable report, and every bad input."""

import json

import pytest

from attune.core.instruments import get_instrument
from tests.cli.conftest import run

CHECKUP = get_instrument("checkup")


def worst(construct):
    return {
        i.id: (i.lowest if i.higher_is_healthier else i.highest)
        for i in CHECKUP.items_for(construct)
    }


def best():
    return {i.id: (i.highest if i.higher_is_healthier else i.lowest) for i in CHECKUP.items}


def score_json(answers_file, answers):
    result = run(
        "score", "--answers", answers_file({"instrument": "checkup", "answers": answers}), "--json"
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_prints_the_documented_json_shape(answers_file):
    out = score_json(answers_file, {**best(), **worst("lonely")})
    assert out["instrument"] == {"id": "checkup", "version": CHECKUP.version}
    assert {c["id"] for c in out["constructs"]} == set(CHECKUP.constructs)
    assert all({"id", "score", "band"} <= set(c) for c in out["constructs"])
    lonely = next(c for c in out["signs"] if c["id"] == "lonely")
    assert lonely["score"] == 0 and lonely["band"] == "struggling"
    assert [c["id"] for c in out["signs"]] == [
        "lonely",
        "misunderstood",
        "imbalance",
        "affection",
        "support",
    ]
    assert len(out["causes"]) == 8
    assert out["safety"] == {"crisis": False, "abuse": False, "resources": []}
    assert len(out["plan"]) == 3
    for step in out["plan"]:
        assert step["strategy"] in {"support", "candour", "listening", "conversation"}
        assert all(
            set(a) == {"id", "couple"} and isinstance(a["couple"], bool) for a in step["activities"]
        )


def test_a_crisis_answer_brings_help_lines_for_the_country(answers_file):
    crisis = CHECKUP.items_for("crisis")[0]
    path = answers_file({"instrument": "checkup", "answers": {crisis.id: crisis.highest}})
    out = json.loads(run("score", "--answers", path, "--json", "--country", "GB").stdout)
    assert out["safety"]["crisis"] is True
    names = [r["name"] for r in out["safety"]["resources"]]
    assert any("Samaritans" in n for n in names)


def test_an_abuse_answer_removes_couple_activities(answers_file):
    out = score_json(answers_file, worst("abuse_neglect"))
    assert out["safety"]["abuse"] is True
    assert not [a for step in out["plan"] for a in step["activities"] if a["couple"]]
    assert out["safety"]["resources"]


def test_without_json_it_prints_a_readable_report(answers_file):
    path = answers_file({"instrument": "checkup", "answers": {**best(), **worst("listening")}})
    result = run("score", "--answers", path)
    assert result.returncode == 0
    assert "Likely causes" in result.stdout and "because you said" in result.stdout
    assert "Your plan" in result.stdout and "not a diagnosis" in result.stdout


def test_it_reads_answers_from_standard_input():
    data = json.dumps({"instrument": "pulse", "answers": {}})
    result = run("score", "--answers", "-", "--json", stdin=data)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["instrument"]["id"] == "pulse"


@pytest.mark.parametrize(
    "payload, expected",
    [
        ({"instrument": "quiz", "answers": {}}, ["quiz", "checkup", "pulse"]),
        ({"instrument": "checkup", "answers": {"lonely_99": 1}}, ["lonely_99"]),
        ({"instrument": "checkup", "answers": {"lonely_1": 7}}, ["lonely_1", "0, 1, 2, 3, 4"]),
        ({"instrument": "checkup", "answers": {"lonely_1": "3"}}, ["lonely_1", "allowed values"]),
        ({"instrument": "checkup", "answers": {"lonely_1": 2.5}}, ["lonely_1", "allowed values"]),
        ({"instrument": "checkup"}, ['"answers"']),
        ({"answers": {}}, ['"instrument"']),
        ([1, 2], ["JSON object"]),
    ],
)
def test_bad_input_exits_2_with_a_message_and_nothing_on_stdout(answers_file, payload, expected):
    result = run("score", "--answers", answers_file(payload), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    for fragment in expected:
        assert fragment in result.stderr


def test_malformed_json_names_the_line(answers_file):
    path = answers_file(None, raw='{\n  "instrument": "checkup",\n  "answers": {,}\n}')
    result = run("score", "--answers", path, "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert "line 3" in result.stderr


def test_a_missing_file_exits_2(tmp_path):
    result = run("score", "--answers", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_score_does_not_load_django(answers_file):
    path = answers_file({"instrument": "checkup", "answers": {}})
    result = run("score", "--answers", path, "--json")
    assert result.returncode == 0
    import subprocess
    import sys

    code = (
        "import sys; from attune.cli.main import main\n"
        f"main(['score', '--answers', {path!r}, '--json'])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django was loaded'\n"
    )
    probe = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
