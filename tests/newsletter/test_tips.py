"""The tips file: enough original tips and prompts, checked by `attune check`."""

import pytest

from attune.core.content import ContentError
from attune.core.tips import load_tips, tips

YES_NO_OPENINGS = ("Do ", "Does ", "Did ", "Are ", "Is ", "Have ", "Has ", "Can ", "Would ")


def test_it_ships_at_least_thirty_tips_and_thirty_prompts():
    shipped = tips()
    assert len(shipped.tips) >= 30 and len(shipped.prompts) >= 30
    texts = [t.text for t in shipped.tips + shipped.prompts]
    assert len(set(texts)) == len(texts)


def test_it_asks_prompts_that_invite_a_story_not_a_yes_or_no():
    for prompt in tips().prompts:
        assert not prompt.text.startswith(YES_NO_OPENINGS), prompt.id


def test_it_names_the_field_when_the_file_breaks_its_schema(tmp_path):
    bad = tmp_path / "newsletter_tips.yaml"
    bad.write_text("version: 1\ntips: []\nprompts: []\n")
    with pytest.raises(ContentError) as error:
        load_tips(bad)
    assert "tips" in str(error.value)


def test_it_refuses_repeated_ids(tmp_path):
    entries = "".join(
        f"  - {{id: same, text: A tip long enough to count {n}.}}\n" for n in range(30)
    )
    bad = tmp_path / "newsletter_tips.yaml"
    bad.write_text(f"version: 1\ntips:\n{entries}prompts:\n{entries}")
    with pytest.raises(ContentError, match="ids repeat"):
        load_tips(bad)
