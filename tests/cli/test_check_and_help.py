"""`attune check`, and `--help` on every verb and sub-verb."""

import shutil

import pytest

from tests.cli.conftest import run
from tests.cli.verbs import one_line_helps, typed, verb_paths


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


@pytest.mark.parametrize("words", [(), *verb_paths()], ids=typed)
def test_every_verb_has_help(words):
    result = run(*words, "--help")
    assert result.returncode == 0
    assert "usage: attune" in result.stdout
    # A description is printed as written: "%%" there reaches the reader doubled.
    assert "%%" not in result.stdout


@pytest.mark.parametrize("words", [w for w in [(), *verb_paths()] if one_line_helps(w)], ids=typed)
def test_help_lists_every_verb_under_it_with_its_one_line_help(words):
    shown = " ".join(run(*words, "--help").stdout.split())
    for name, line in one_line_helps(words).items():
        verb = typed((*words, name))
        assert line and "\n" not in line, f"{verb} has no one-line help"
        assert f" {name} {' '.join(line.split())}" in shown, f"--help does not list {verb}"


def test_an_unknown_verb_exits_2():
    result = run("dance")
    assert result.returncode == 2 and result.stdout == ""
