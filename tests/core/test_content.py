"""Content as data: every file validates, every construct has its items, every link resolves."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from attune.core.check import check_content
from attune.core.concepts import CAUSE_IDS, CONSTRUCT_IDS, SIGN_IDS, concepts, load_concepts
from attune.core.content import CONTENT_DIR, SCHEMA_DIR, ContentError
from attune.core.instruments import SENSITIVE_CONSTRUCTS, get_instrument, load_instrument
from attune.core.resources import directory

MINIMUM_ITEMS = {
    **{s: 3 for s in SIGN_IDS},
    **{c: 2 for c in CAUSE_IDS},
    "abuse_neglect": 3,
    "mood": 2,
    "worry": 2,
    "crisis": 1,
}


def test_all_shipped_content_validates():
    assert check_content() == []


@pytest.mark.parametrize("construct, minimum", sorted(MINIMUM_ITEMS.items()))
def test_the_checkup_has_enough_items_for(construct, minimum):
    assert len(get_instrument("checkup").items_for(construct)) >= minimum


def test_the_checkup_measures_exactly_the_fifteen_constructs():
    assert set(get_instrument("checkup").constructs) == set(CONSTRUCT_IDS)


def test_the_pulse_asks_one_or_two_items_for_every_sign_and_nothing_else():
    counts = Counter(i.construct for i in get_instrument("pulse").items)
    assert set(counts) == set(SIGN_IDS)
    assert all(1 <= n <= 2 for n in counts.values())


def test_sensitive_items_say_why_and_can_be_skipped():
    sensitive = [i for i in get_instrument("checkup").items if i.construct in SENSITIVE_CONSTRUCTS]
    assert len(sensitive) >= 3 + 3 + 1
    assert all(i.optional and len(i.why) > 20 for i in sensitive)


def test_constructs_with_three_or_more_items_mix_their_keying():
    checkup = get_instrument("checkup")
    for construct in SIGN_IDS + CAUSE_IDS:
        items = checkup.items_for(construct)
        if len(items) >= 3 and construct != "abuse_neglect":
            assert len({i.higher_is_healthier for i in items}) == 2, construct


def test_the_safety_items_sit_in_a_private_section_and_can_flag_the_screen():
    checkup = get_instrument("checkup")
    for item in checkup.items_for("abuse_neglect"):
        section = next(s for s in checkup.sections if item in s.items)
        assert section.private
    assert all(i.flag_at is not None for i in checkup.items_for("abuse_neglect"))
    assert all(i.flag_at is not None for i in checkup.items_for("crisis"))


def test_every_response_point_has_a_label_and_no_item_text_repeats():
    items = [i for name in ("checkup", "pulse") for i in get_instrument(name).items]
    assert all(o.label.strip() for i in items for o in i.options)
    texts = [i.text.strip().lower() for i in items]
    assert len(texts) == len(set(texts))


def test_every_activity_a_plan_can_name_exists():
    model = concepts()
    named = {a for s in model.strategies.values() for a in s.activities + s.when_unsafe}
    named |= {a for c in model.causes.values() for a in c.solo_activities}
    assert named <= set(model.activities)


def test_the_safety_cause_gets_no_couple_activity():
    model = concepts()
    cause = model.causes["abuse_neglect"]
    assert cause.safety_screen and not cause.strategies
    assert not any(model.activities[a].couple for a in cause.solo_activities)


@pytest.mark.parametrize("code", ["US", "GB", "CA", "AU", "IE", "NZ"])
def test_help_lines_exist_for(code):
    lines = directory().lines_for(code)
    kinds = {line.kind for line in lines}
    assert {"emergency", "crisis"} <= kinds
    assert all(line.last_checked for line in lines)


def test_an_unknown_country_falls_back_to_the_international_directory():
    assert directory().lines_for("ZZ") == directory().lines_for(None)
    assert any(line.url for line in directory().fallback)


def test_the_schema_rejects_a_malformed_instrument_naming_file_and_field(tmp_path):
    data = yaml.safe_load((CONTENT_DIR / "instruments" / "pulse.yaml").read_text())
    del data["sections"][0]["items"][0]["construct"]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as caught:
        load_instrument(path)
    assert caught.value.path == str(path)
    assert caught.value.field == "sections[0].items[0]"
    assert "construct" in caught.value.message


def test_it_rejects_an_unknown_construct(tmp_path):
    data = yaml.safe_load((CONTENT_DIR / "instruments" / "pulse.yaml").read_text())
    data["sections"][0]["items"][0]["construct"] = "happiness"
    path = tmp_path / "odd.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match="unknown construct 'happiness'"):
        load_instrument(path)


def test_it_rejects_a_concept_link_to_nothing(tmp_path):
    data = yaml.safe_load((CONTENT_DIR / "concepts.yaml").read_text())
    data["signs"][0]["causes"].append("astrology")
    path = tmp_path / "concepts.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as caught:
        load_concepts(path)
    assert caught.value.field == "signs.lonely.causes"


def test_it_names_the_line_of_broken_yaml(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nversion: [1\n")
    with pytest.raises(ContentError, match="line"):
        load_instrument(Path(path))


@pytest.mark.parametrize(
    "name", sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))
)
def test_every_schema_is_itself_a_valid_json_schema(name):
    import json

    import jsonschema

    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    jsonschema.validators.validator_for(schema).check_schema(schema)
