"""`attune instruments list|show`."""

import json

from attune.core.instruments import get_instrument
from tests.cli.conftest import run


def test_it_lists_every_instrument_as_json():
    result = run("instruments", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == {"checkup", "pulse"}
    assert all(set(r) == {"id", "version", "title"} and r["version"] >= 1 for r in rows)


def test_it_lists_them_readably_without_json():
    result = run("instruments", "list")
    assert result.returncode == 0 and "checkup" in result.stdout and "Check-up" in result.stdout


def test_it_shows_an_instrument_with_every_item_as_json():
    result = run("instruments", "show", "checkup", "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    checkup = get_instrument("checkup")
    assert (shown["id"], shown["version"], shown["title"]) == (
        "checkup",
        checkup.version,
        checkup.title,
    )
    assert [i["id"] for i in shown["items"]] == [i.id for i in checkup.items]
    first = shown["items"][0]
    assert {"id", "construct", "text", "options", "higher_is_healthier", "optional"} <= set(first)
    assert all({"value", "label"} == set(o) for o in first["options"])


def test_it_shows_an_instrument_readably():
    result = run("instruments", "show", "pulse")
    assert result.returncode == 0 and "Weekly pulse" in result.stdout


def test_an_unknown_instrument_exits_2_naming_the_known_ones():
    result = run("instruments", "show", "quiz", "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "quiz" in result.stderr and "checkup" in result.stderr
