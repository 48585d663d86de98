"""Docs and code stay in step: every setting, check, verb and concept link is documented."""

import re
from pathlib import Path

import pytest

from attune.core.concepts import concepts
from tests.cli.verbs import typed, verb_paths

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def env_vars_read_by_settings() -> set[str]:
    sources = "".join(p.read_text() for p in (ROOT / "attune").rglob("*.py"))
    return (
        set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', sources))
        | set(re.findall(r'environ\.get\("([A-Z_]+)"', sources))
        | {"SECRET_KEY"}
    )


@pytest.mark.parametrize("name", sorted(env_vars_read_by_settings()))
def test_every_environment_variable_is_documented(name):
    assert f"`{name}`" in (DOCS / "configuration.md").read_text()


def test_every_check_id_is_documented():
    ids = set(re.findall(r'id="(attune\.[EW]\d+)"', (ROOT / "attune/web/checks.py").read_text()))
    assert ids
    text = (DOCS / "configuration.md").read_text()
    assert all(f"`{i}`" in text for i in ids)


@pytest.mark.parametrize("words", verb_paths(), ids=typed)
def test_every_cli_verb_and_sub_verb_is_documented(words):
    text = (DOCS / "cli.md").read_text()
    verb = typed(words)
    assert re.search(rf"`{re.escape(verb)}[ `]", text), f"docs/cli.md does not mention `{verb}`"


def test_the_cause_table_matches_the_concept_links():
    text = (DOCS / "concepts.md").read_text()
    model = concepts()
    for cause in model.causes.values():
        if cause.safety_screen:
            continue
        row = next(line for line in text.splitlines() if line.startswith(f"| `{cause.id}`"))
        feeds = row.rstrip(" |").rsplit("|", 1)[1].strip().split(", ")
        assert feeds == list(model.signs_fed_by(cause.id)), cause.id


def test_the_readme_starts_with_the_two_commands():
    head = "\n".join((ROOT / "README.md").read_text().splitlines()[:6])
    assert "make run" in head and "make test" in head


def test_every_picture_the_readme_shows_is_there():
    text = (ROOT / "README.md").read_text()
    pictures = re.findall(r'<img src="([^"]+)"', text) + re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert "docs/img/phone.png" in pictures
    missing = [path for path in pictures if not (ROOT / path).is_file()]
    assert missing == []


def test_the_phone_picture_is_on_the_readmes_first_screen():
    head = "\n".join((ROOT / "README.md").read_text().splitlines()[:12])
    assert 'src="docs/img/phone.png"' in head
