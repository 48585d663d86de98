"""`attune check` and `--help` on every verb."""

import shutil

import pytest

from tests.cli.conftest import run


def test_check_passes_on_the_shipped_content():
    result = run("check")
    assert result.returncode == 0 and "content ok" in result.stdout


def test_check_names_the_file_and_field_of_a_broken_file(tmp_path):
    from attune.core.content import SHIPPED_CONTENT_DIR

    copy = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT_DIR, copy)
    bad = copy / "instruments" / "pulse.yaml"
    bad.write_text(bad.read_text().replace("version: 1", "version: one", 1))
    result = run("check", env={"ATTUNE_CONTENT_DIR": str(copy)})
    assert result.returncode == 1
    assert (
        "pulse.yaml: version:" in result.stderr
        and "'one' is not of type 'integer'" in result.stderr
    )


def test_an_operator_can_add_an_instrument_as_a_data_file(tmp_path):
    from attune.core.content import SHIPPED_CONTENT_DIR

    copy = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT_DIR, copy)
    extra = (copy / "instruments" / "pulse.yaml").read_text()
    (copy / "instruments" / "mini.yaml").write_text(
        extra.replace("id: pulse", "id: mini", 1).replace("title: Weekly pulse", "title: Mini", 1)
    )
    env = {"ATTUNE_CONTENT_DIR": str(copy)}
    assert run("check", env=env).returncode == 0
    assert "mini" in run("instruments", "list", env=env).stdout


@pytest.mark.parametrize(
    "verb",
    [
        [],
        ["serve"],
        ["instruments"],
        ["instruments", "list"],
        ["instruments", "show"],
        ["score"],
        ["screen"],
        ["safety", "train"],
        ["safety", "eval"],
        ["newsletter", "preview"],
        ["newsletter", "send"],
        ["worker"],
        ["demo"],
        ["check"],
        ["manage"],
    ],
)
def test_every_verb_has_help(verb):
    result = run(*verb, "--help")
    assert result.returncode == 0
    assert "usage: attune" in result.stdout


def test_an_unknown_verb_exits_2():
    result = run("dance")
    assert result.returncode == 2 and result.stdout == ""
