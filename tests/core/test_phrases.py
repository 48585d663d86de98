"""The free-text safety screen: crisis and abuse language found, hyperbole and negation read."""

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attune.core.content import CONTENT_DIR, SCHEMA_DIR, ContentError
from attune.core.screen.phrases import PhraseLayer, load_phrases, phrases
from attune.core.screen.screening import screen_text as screen_layered
from attune.core.screen.text import Passage, normalise
from attune.core.screen.tiers import Hit, TextScreen


def phrase_only():
    return (PhraseLayer(phrases()),)


def screen_text(text, layers=None):
    """These tests pin the phrase layer alone; tests/core/test_screen_model.py covers the layers."""
    return screen_layered(text, layers if layers is not None else phrase_only())


PHRASES_FILE = CONTENT_DIR / "safety_phrases.yaml"

CRISIS_AT_ONCE = [
    "I want to die.",
    "I'm going to overdose this weekend. I'm not asking for anything, I just needed to say it",
    "honestly i just wanna die",
    "Everyone would be better off without me.",
    "I don't want to wake up tomorrow.",
    "Sometimes I think about ending it all.",
    "I've been thinking about killing myself.",
    "im gonna kms",
    "I want to kill myself",
    "i want to kil myself",
    "i want to kill my self tonight",
    "thinking about suicde a lot lately",
    "I've been feeling really sucidal",
    "I'm suicidal.",
    "I have no reason to live anymore.",
    "I wish I was dead.",
    "I've started cutting myself again.",
    "I keep hurting myself on purpose.",
    "I don’t want to be alive anymore.",
    "I'm so tired of living.",
    "Life isn't worth living.",
    "I can't go on living like this.",
    "I want to unalive myself",
    "I'm going to take my own life",
    "I WANT TO DIEEEE",
    "Nobody would even notice if I was gone.",
    "I wish I could go to sleep and never wake up.",
    "I'm a burden and everyone would be happier if I were dead.",
    "i want to end my life",
    "I have been having suicidal thoughts every day.",
    "I want to\nend it all",
    "We argued again. I want to kill myself.",
    "I see no reason not to kill myself.",
]

ABUSE_AT_ONCE = [
    "we lost the match, he beat me when we got home",
    "My husband hit me last night.",
    "He slapped me in front of the kids.",
    "She choked me during the argument.",
    "He put his hands around my neck.",
    "He threatened to kill me if I leave.",
    "I'm scared of my boyfriend.",
    "He won't let me see my friends.",
    "She controls all our money and I have to ask for cash.",
    "He takes my paycheck every month.",
    "He took my phone so I couldn't call for help.",
    "I'm not allowed to leave the house without him.",
    "He forced me to have sex when I said no.",
    "My partner is abusive.",
    "I'm afraid to go home.",
    "He's been hitting me for months.",
    "He put a tracking app on my phone.",
    "They lock me in the bedroom when they are angry.",
    "When he's been drinking I lock myself in the bathroom until he falls asleep",
    "I fear for my life.",
    "He told me to kill myself.",
    "He said he'd kill me if I ever told anyone.",
    "He threatened to hurt the kids.",
    "My girlfriend isolated me from my family.",
]

GENTLE_CHECK_IN = [
    ("He constantly puts me down in front of his friends.", "abuse"),
    ("She calls me stupid and worthless.", "abuse"),
    ("He goes through my phone every night.", "abuse"),
    ("I have to ask his permission to go out.", "abuse"),
    ("He makes me feel like I'm going crazy.", "abuse"),
    ("I am always walking on eggshells around him.", "abuse"),
    ("I feel like a burden to everyone.", "crisis"),
    ("Sometimes I just want to disappear.", "crisis"),
    ("ugh kms", "crisis"),
    ("I can't go on like this.", "crisis"),
]

NOTHING_THERE = [
    "This commute is killing me.",
    "We went to a talk about overdose awareness at work",
    "I'm going to overdose on chocolate this Christmas",
    "I hid in the bedroom until he left for work so I could wrap his present",
    "My feet are killing me after that hike.",
    "She absolutely killed it at her presentation.",
    "We were killing time at the airport.",
    "I'm dying to see the new exhibition.",
    "I could kill for a coffee right now.",
    "That chocolate cake was to die for.",
    "I was dead tired after work.",
    "He looked drop dead gorgeous in that suit.",
    "You're killing me with these puns, haha.",
    "I nearly died laughing at his joke.",
    "My phone is dead again.",
    "I'd kill to have her cooking skills.",
    "It finally hit me that we need a holiday.",
    "He hit me up on text after work.",
    "She beat me at chess again.",
    "I could have died of embarrassment when he sang.",
    "The speech at the wedding choked me up.",
    "We ran 5 kms together this morning.",
    "My mum is going to kill me when she sees the kitchen.",
    "The suspense in that show is killing me.",
    "Our new puppy follows me everywhere.",
    "I hurt myself at the gym yesterday.",
    "I cut myself shaving this morning.",
    "He put me down for two tickets to the concert.",
    "I'd rather die than wear those shoes.",
    "Quitting now would be career suicide.",
    "He pushed me to apply for the job and I got it!",
    "I'm thinking about dying my hair purple.",
    "We argued about money again but we sorted it out.",
    "I don't want to live in this city forever.",
    "It is 12km away.",
]

# A negated statement is a gentle check-in: never silence, never an alarm.
NEGATED = [
    "I would never hurt myself.",
    "I don't want to die.",
    "I'm not suicidal, just tired.",
    "I would never kill myself, I love my kids.",
    "I no longer want to die.",
    "He has never hit me.",
    "She would never threaten me.",
    "I'm not afraid of him at all.",
    "I don't feel like killing myself anymore.",
    "I have never self harmed.",
]

NOT_AT_ONCE = [
    # fiction and songs
    "The main character in my novel wants to end it all.",
    "We watched a film where the hero tries to kill himself.",
    "That song about suicide always makes me cry.",
    "In the book she says she wants to die.",
    # someone else
    "My friend said she wants to kill herself.",
    "My sister told me she feels suicidal.",
    "My brother has been self harming again.",
    "My partner told me he wants to die.",
    "My sister is in an abusive relationship.",
    # a resolved past
    "Years ago I felt suicidal but I am doing well now.",
    "When I was a teenager I used to self harm, but I've been fine for a long time.",
    "A long time ago I wanted to die, therapy really helped.",
    "My ex used to hit me, but that was years ago and I am safe now.",
]

ORDINARY = [
    "We had a quiet evening and talked about the garden.",
    "My partner laughed at the film, and I felt close to them.",
    "On Sunday we cooked a big pot of soup for the week.",
    "The train was late again, so I read my book on the platform.",
    "We planned a short trip to the coast in spring.",
    "I noticed I listened better when I put my phone away.",
    "Work has been busy, but the weekend helped us reset.",
    "She made me a cup of tea before I even asked.",
    "We disagreed about the holiday budget and found a middle way.",
    "I want to try the question game again next week.",
]


def words(n: int) -> str:
    text, count = [], 0
    while count < n:
        for sentence in ORDINARY:
            text.append(sentence)
            count += len(sentence.split())
    return " ".join(text)


@pytest.mark.parametrize("text", CRISIS_AT_ONCE)
def test_it_shows_resources_at_once_for_crisis_language(text):
    result = screen_text(text)
    assert (result.tier, result.crisis, result.layer) == (2, True, "phrase"), result


@pytest.mark.parametrize("text", ABUSE_AT_ONCE)
def test_it_shows_resources_at_once_for_abuse(text):
    result = screen_text(text)
    assert (result.tier, result.abuse, result.layer) == (2, True, "phrase"), result


@pytest.mark.parametrize("text, kind", GENTLE_CHECK_IN)
def test_it_offers_a_gentle_check_in_for_softer_words(text, kind):
    result = screen_text(text)
    assert result.tier == 1 and getattr(result, kind), result


@pytest.mark.parametrize("text", NOTHING_THERE)
def test_it_leaves_hyperbole_and_idioms_alone(text):
    assert screen_text(text) == TextScreen(0, False, False, "none", "", "")


@pytest.mark.parametrize("text", NEGATED)
def test_it_turns_a_negated_statement_into_a_gentle_check_in(text):
    assert screen_text(text).tier == 1


@pytest.mark.parametrize("text", NOT_AT_ONCE)
def test_it_does_not_alarm_on_fiction_someone_else_or_a_resolved_past(text):
    assert screen_text(text).tier <= 1


def test_it_catches_a_crisis_sentence_buried_in_two_thousand_words():
    before, after = words(1000), words(1000)
    result = screen_text(f"{before} I honestly think I want to kill myself. {after}")
    assert result.tier == 2 and result.crisis
    assert result.sentence == "i honestly think i want to kill myself"


def test_it_screens_a_text_over_ten_thousand_characters_in_full():
    text = words(2500) + "\nHe hit me again last night."
    assert len(text) > 10_000
    result = screen_text(text)
    assert (result.tier, result.abuse, result.matched) == (2, True, "abuse_hit_me")


def test_it_lets_the_highest_tier_win_so_a_check_in_cannot_hide_an_alarm():
    result = screen_text("I would never hurt myself. Sometimes I want to die.")
    assert (result.tier, result.matched) == (2, "crisis_want_to_die")
    assert result.sentence == "sometimes i want to die"


def test_it_says_which_kinds_of_help_fit_when_both_appear():
    result = screen_text("He hits me when he drinks. Some days I want to die.")
    assert result.tier == 2 and result.crisis and result.abuse


@pytest.mark.parametrize("text", ["", "   \n\t ", "...", "!!! ??? ,,,", "\u200b\u200b"])
def test_it_finds_nothing_in_empty_text(text):
    assert screen_text(text) == TextScreen(0, False, False, "none", "", "")


@pytest.mark.parametrize(
    "text",
    [
        "I DON’T WANT TO LIVE ANYMORE",  # curly apostrophe, capitals
        "i want to diiiiie",  # letter repeats
        "I want to ki\u200bll myself",  # an invisible character inside a word
        "I want to ｋｉｌｌ myself",  # full-width letters (NFKC)
        "I   want\t\tto    die",  # whitespace
        "I want to... end it all",  # a statement broken by an ellipsis
    ],
)
def test_it_normalises_before_matching(text):
    assert screen_text(text).tier == 2


def test_it_normalises_to_lower_case_plain_words_and_single_spaces():
    assert normalise("  I’m   SOOO tired…\nDon't  go!  ") == "im so tired dont go"


def test_it_screens_every_shipped_phrase_example_at_its_tier_or_higher():
    data = yaml.safe_load(PHRASES_FILE.read_text())
    for entry in data["phrases"]:
        for example in entry["examples"]:
            result = screen_text(example)
            assert result.tier >= entry["tier"], (entry["id"], example, result)
            assert getattr(result, entry["class"]), (entry["id"], example, result)


def test_it_never_fires_on_a_shipped_exclusion_example():
    data = yaml.safe_load(PHRASES_FILE.read_text())
    for entry in data["exclusions"]:
        for example in entry["examples"]:
            assert screen_text(example).tier == 0, (entry["id"], example)


def test_it_ships_at_least_sixty_patterns_in_both_classes():
    book = phrases()
    assert book.version >= 1
    assert len(book.phrases) >= 60
    assert book.count("crisis") >= 30 and book.count("abuse") >= 30
    assert {p.tier for p in book.phrases} == {1, 2}
    assert len({p.id for p in book.phrases}) == len(book.phrases)


def test_it_names_a_real_pattern_and_the_deciding_sentence():
    result = screen_text("We talked for hours. My wife slapped me.")
    assert result.matched in {p.id for p in phrases().phrases}
    assert result.sentence == "my wife slapped me"


class _Layer:
    def __init__(self, name: str, tier: int) -> None:
        self.name, self.tier = name, tier

    def hits(self, passage: Passage):
        if self.tier:
            yield Hit(self.tier, "crisis", "model", passage.sentences[0], self.name)


def test_it_lets_a_second_layer_sit_beside_the_phrases():
    model = _Layer("model", 2)
    result = screen_text("Everything feels grey lately.", [*phrase_only(), model])
    assert (result.tier, result.layer, result.matched) == (2, "model", "model")


def test_it_lets_the_earlier_layer_decide_a_tie():
    result = screen_text("I want to die.", [*phrase_only(), _Layer("model", 2)])
    assert result.layer == "phrase"


# ---- the data file ----


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "safety_phrases.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture
def shipped() -> dict:
    return yaml.safe_load(PHRASES_FILE.read_text())


def test_it_rejects_a_malformed_phrases_file_naming_file_and_field(tmp_path, shipped):
    del shipped["phrases"][3]["tier"]
    path = _write(tmp_path, shipped)
    with pytest.raises(ContentError) as caught:
        load_phrases(path)
    assert caught.value.path == str(path)
    assert caught.value.field == "phrases[3]"
    assert "'tier' is a required property" in caught.value.message


def test_it_rejects_a_category_of_the_other_class(tmp_path, shipped):
    shipped["phrases"][0]["category"] = "financial"
    with pytest.raises(ContentError) as caught:
        load_phrases(_write(tmp_path, shipped))
    assert caught.value.field == "phrases[0].category"


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("kill (myself", "not a valid regular expression"),
        ("Kill myself", "lower case"),
        (r"kill\s+myself", "literal spaces"),
        ("kill {yourself}", "unknown word {yourself}"),
        ("(?:kill)?", "matches empty text"),
        ("walk the dog", "does not match"),
    ],
)
def test_it_rejects_a_bad_pattern_naming_the_field(tmp_path, shipped, pattern, message):
    shipped["phrases"][0]["pattern"] = pattern
    with pytest.raises(ContentError, match="phrases\\[0\\]") as caught:
        load_phrases(_write(tmp_path, shipped))
    assert message in caught.value.message
    assert caught.value.path.endswith("safety_phrases.yaml")


def test_it_rejects_a_duplicate_id(tmp_path, shipped):
    shipped["phrases"][1]["id"] = shipped["phrases"][0]["id"]
    with pytest.raises(ContentError) as caught:
        load_phrases(_write(tmp_path, shipped))
    assert caught.value.field == "phrases[1].id"


def test_it_rejects_an_exclusion_that_misses_its_own_example(tmp_path, shipped):
    shipped["exclusions"][0]["examples"] = ["nothing like it"]
    with pytest.raises(ContentError) as caught:
        load_phrases(_write(tmp_path, shipped))
    assert caught.value.field == "exclusions[0].examples[0]"


def test_it_loads_a_copy_of_the_file_and_caches_the_shipped_one(tmp_path, shipped):
    assert load_phrases(_write(tmp_path, shipped)).count("abuse") == phrases().count("abuse")
    assert phrases() is phrases()


def test_it_ships_a_schema_that_is_itself_valid():
    import jsonschema

    schema = json.loads((SCHEMA_DIR / "safety_phrases.schema.json").read_text())
    jsonschema.validators.validator_for(schema).check_schema(schema)


# ---- properties ----

WORDS = (
    "i im he she my friend never not don't want to die kill myself kms suicide hit me scared of"
    " him won't let see friends end it all killing is time dead tired sooo ＫＩＬＬ 😭"
)
VOCABULARY = [*WORDS.split(), "used to", "years ago", "\n", ".", ",", "!", "?", "…", "’", "\u200b"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(st.sampled_from(VOCABULARY)).map(" ".join)))
def test_it_never_raises_and_always_gives_a_tier_of_0_1_or_2(text):
    result = screen_text(text)
    assert result.tier in {0, 1, 2}
    assert (result.tier == 0) == (result.layer == "none") == (result.matched == "")
    assert (result.tier > 0) == (result.crisis or result.abuse)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(ORDINARY), max_size=40),
    st.integers(min_value=0),
    st.sampled_from(CRISIS_AT_ONCE[:20] + ABUSE_AT_ONCE[:15]),
)
def test_it_finds_one_line_wherever_it_hides_in_a_long_entry(ordinary, where, line):
    where %= len(ordinary) + 1
    text = " ".join(ordinary[:where] + [line] + ordinary[where:])
    assert screen_text(text).tier == 2


@pytest.mark.parametrize(
    "text",
    [
        "My counsellor asked if I had thought about ending my life and I said no.",
        "the chorus is just i want to die over and over, catchy though",
    ],
)
def test_it_reads_someone_else_s_question_or_song_as_a_check_in_at_most(text):
    assert screen_text(text).tier == 1


def test_beside_the_model_a_capped_hit_gives_way_and_a_plain_one_stays():
    beside = (PhraseLayer(phrases(), defer=True),)
    assert screen_text("I would never hurt myself.", beside).tier == 0
    assert screen_text("My counsellor asked if I wanted to die and I said no.", beside).tier == 0
    assert screen_text("I want to die.", beside).tier == 2
