"""The activity catalogue: every activity has a guide, every deck is sound, and broken files are
named with their field."""

import re
import shutil

import pytest
import yaml

from attune.core.catalogue import (
    ACTIVITY_DIR,
    DECK_DIR,
    activities,
    activity_steps,
    decks,
    get_deck,
    load_activities,
    load_activity,
    load_deck,
    load_decks,
    normalise,
    themed_decks,
)
from attune.core.concepts import concepts
from attune.core.content import ContentError

# Questions a person can answer with a bare "yes" or "no" start like this.
YES_NO_OPENERS = {
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could",
    "will", "would", "should", "shall", "may", "might", "am",
}  # fmt: skip
# Words that assume a gender, marriage, children or one kind of couple.
ASSUMING = re.compile(
    r"\b(he|she|him|his|her|hers|husband|wife|boyfriend|girlfriend|married|marriage|"
    r"wedding|spouse|your (kids|children)|our (kids|children))\b",
    re.IGNORECASE,
)
# Themes of a well-known published question set that our decks must not echo.
PUBLISHED_ECHOES = ("perfect day", "dinner guest", "famous", "crystal ball", "life story", "sing")


def all_prompts():
    return [p for deck in decks().values() for p in deck.prompts]


def all_activity_text(activity):
    parts = [activity.purpose, activity.if_hard, *activity.reflection]
    parts += [text for step in activity.steps for text in (step.title, step.text)]
    return parts


def copy_content(tmp_path):
    shutil.copytree(ACTIVITY_DIR, tmp_path / "activities")
    shutil.copytree(DECK_DIR, tmp_path / "decks")
    return tmp_path / "activities", tmp_path / "decks"


def test_it_has_a_file_for_every_activity_in_concepts_and_no_other():
    files = {p.stem for p in ACTIVITY_DIR.glob("*.yaml")}
    assert files == set(concepts().activities)
    assert list(activities()) == list(concepts().activities)


def test_it_gives_every_activity_the_mode_and_length_concepts_gives():
    for activity_id, listed in concepts().activities.items():
        guide = activity_steps(activity_id)
        assert guide.couple == listed.couple, activity_id
        assert guide.minutes == listed.minutes, activity_id


def test_every_step_has_a_title_and_text_and_every_activity_three_to_ten_steps():
    for activity in activities().values():
        assert 3 <= len(activity.steps) <= 10, activity.id
        assert activity.purpose.strip() and activity.if_hard.strip(), activity.id
        assert all(s.title.strip() and len(s.text.strip()) >= 10 for s in activity.steps)


def test_turns_belong_only_to_couple_activities_and_couple_steps_say_whose_turn():
    for activity in activities().values():
        turns = {s.turn for s in activity.steps}
        if activity.couple:
            assert None not in turns, activity.id
        else:
            assert turns == {None}, activity.id


def test_every_prompt_deck_and_set_a_step_names_exists():
    named = 0
    for activity in activities().values():
        for step in activity.steps:
            if step.prompt_deck:
                named += 1
                deck = get_deck(step.prompt_deck)
                if step.prompt_set:
                    assert deck.get_set(step.prompt_set).prompts
    assert named >= 8
    assert any(s.deck_kind == "themed" for s in activity_steps("themed-decks").steps)


def test_the_activities_that_use_decks_point_at_the_right_ones():
    night = activity_steps("conversation-night")
    assert [s.prompt_set for s in night.steps if s.prompt_deck == "main"] == [
        "light",
        "personal",
        "vulnerable",
    ]
    assert {s.prompt_deck for s in activity_steps("disclosure-ladder").steps} >= {"disclosure"}
    assert {s.prompt_deck for s in activity_steps("inner-world").steps} >= {"inner-world"}


def test_timed_activities_have_a_timed_step():
    assert activity_steps("speaker-listener").timer_minutes
    for activity in activities().values():
        if activity.timer_minutes:
            assert any(s.timer_minutes for s in activity.steps), activity.id


def test_every_couple_activity_says_to_stop_and_get_help_if_someone_feels_unsafe():
    for activity in activities().values():
        if activity.couple:
            assert "/help/" in activity.if_hard, activity.id
            assert "unsafe" in activity.if_hard, activity.id
            assert "abuse_neglect" not in activity.causes, activity.id


def test_the_safety_activities_are_solo_and_never_mention_the_partner():
    for activity_id in concepts().causes["abuse_neglect"].solo_activities:
        activity = activity_steps(activity_id)
        assert activity.mode == "solo"
        assert not any("partner" in text.lower() for text in all_activity_text(activity))
    plan = activity_steps("safety-plan")
    assert any("/help/plan/" in s.text for s in plan.steps)


def test_expressive_writing_says_writing_can_stir_things_up():
    writing = activity_steps("expressive-writing")
    assert "stir things up" in writing.if_hard
    assert sum(s.title.startswith("Day ") for s in writing.steps) == 4


def test_the_main_deck_has_three_sets_of_twelve_rising_in_depth():
    main = get_deck("main")
    assert [s.id for s in main.sets] == ["light", "personal", "vulnerable"]
    assert [len(s.prompts) for s in main.sets] == [12, 12, 12]
    assert all(s.minutes == 15 for s in main.sets)


def test_there_are_enough_decks_and_prompts():
    assert len(themed_decks()) >= 4
    assert {"main", "disclosure", "inner-world"} <= set(decks())
    assert [s.id for s in get_deck("disclosure").sets] == ["easy", "middle", "deeper"]
    assert len(all_prompts()) >= 100


def test_no_two_prompts_are_alike():
    keys = [normalise(p) for p in all_prompts()]
    assert len(keys) == len(set(keys))


def test_every_prompt_invites_a_story_or_feeling_rather_than_yes_or_no():
    for prompt in all_prompts():
        first = prompt.split()[0].lower().strip(",")
        assert first not in YES_NO_OPENERS, prompt
        assert prompt.endswith(("?", ".")), prompt


def test_nothing_assumes_gender_marriage_children_or_echoes_a_published_deck():
    texts = all_prompts() + [t for a in activities().values() for t in all_activity_text(a)]
    texts += [d.how for d in decks().values()]
    for text in texts:
        assert not ASSUMING.search(text), text
    for prompt in all_prompts():
        assert not any(re.search(rf"\b{e}", prompt.lower()) for e in PUBLISHED_ECHOES), prompt


def test_every_deck_says_a_pass_is_allowed():
    for deck in decks().values():
        assert re.search(r"\b(pass|skip)", deck.how.lower()), deck.id


def test_the_schema_rejects_a_malformed_activity_naming_the_file_and_field(tmp_path):
    activity_dir, _ = copy_content(tmp_path)
    path = activity_dir / "good-news.yaml"
    data = yaml.safe_load(path.read_text())
    del data["steps"][2]["text"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as caught:
        load_activity(path, decks(), concepts())
    assert caught.value.path == str(path)
    assert caught.value.field == "steps[2]"
    assert "text" in caught.value.message


def test_it_rejects_a_mode_that_disagrees_with_concepts(tmp_path):
    activity_dir, _ = copy_content(tmp_path)
    path = activity_dir / "naming-feelings.yaml"
    path.write_text(path.read_text().replace("mode: solo", "mode: couple"))
    with pytest.raises(ContentError) as caught:
        load_activity(path, decks(), concepts())
    assert (caught.value.path, caught.value.field) == (str(path), "mode")


def test_it_rejects_an_unknown_prompt_deck(tmp_path):
    activity_dir, _ = copy_content(tmp_path)
    path = activity_dir / "inner-world.yaml"
    path.write_text(path.read_text().replace("prompt_deck: inner-world", "prompt_deck: nowhere"))
    with pytest.raises(ContentError, match="unknown deck 'nowhere'") as caught:
        load_activity(path, decks(), concepts())
    assert caught.value.field == "steps[1].prompt_deck"


def test_it_rejects_a_missing_activity_file(tmp_path):
    activity_dir, _ = copy_content(tmp_path)
    (activity_dir / "reach-out.yaml").unlink()
    with pytest.raises(ContentError, match="reach-out"):
        load_activities(activity_dir, decks(), concepts())


def test_the_schema_rejects_a_malformed_deck_naming_the_file_and_field(tmp_path):
    _, deck_dir = copy_content(tmp_path)
    path = deck_dir / "our-story.yaml"
    data = yaml.safe_load(path.read_text())
    data["sets"][0]["prompts"][3] = 7
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as caught:
        load_deck(path)
    assert caught.value.path == str(path)
    assert caught.value.field == "sets[0].prompts[3]"


def test_it_rejects_a_main_set_that_is_not_twelve_prompts(tmp_path):
    _, deck_dir = copy_content(tmp_path)
    path = deck_dir / "main.yaml"
    data = yaml.safe_load(path.read_text())
    data["sets"][1]["prompts"].pop()
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as caught:
        load_deck(path)
    assert caught.value.field == "sets[1].prompts"


def test_it_rejects_a_prompt_that_repeats_another_in_a_different_case(tmp_path):
    _, deck_dir = copy_content(tmp_path)
    path = deck_dir / "stress-and-support.yaml"  # read after main.yaml, which it repeats
    data = yaml.safe_load(path.read_text())
    data["sets"][0]["prompts"][0] = "  what is a WORRY that has been sitting with you lately "
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match="repeats the prompt") as caught:
        load_decks(deck_dir)
    assert caught.value.path == str(path)
    assert caught.value.field == "sets[0].prompts[0]"
    assert "main.yaml sets[2].prompts[0]" in caught.value.message


def test_it_looks_up_decks_and_activities_by_id_and_refuses_unknown_ones():
    assert get_deck("main").title
    assert activity_steps("speaker-listener").steps[0].turn == "both"
    with pytest.raises(KeyError):
        get_deck("nope")
    with pytest.raises(KeyError):
        activity_steps("nope")
