"""The optional "In your own words" box at the start of the check-up: screened first, then
offered back as sign questions to confirm or dismiss, and the matching sections marked."""

import pytest
from django.db import connection
from django.urls import reverse

from attune.accounts.crypto import UNREADABLE, decrypt
from attune.checkups import own_words
from attune.checkups.models import Checkup
from attune.core.screen import model, screening
from attune.core.screen.model import Suggestion
from attune.core.screen.phrases import PhraseLayer, phrases
from attune.core.screen.screening import Reading
from attune.core.screen.tiers import NOTHING
from attune.safety.models import CareNotice
from tests.checkups.helpers import CHECKUP, section_post
from tests.conftest import PASSWORD

CRISIS = "Honestly I want to kill myself."
SOFT = "I feel hopeless most days and I can't see it getting better."
UNHEARD = "When I tell my partner about my day, they look at their phone instead."


def start(client) -> Checkup:
    response = client.post(reverse("checkups-start"))
    checkup = Checkup.objects.latest("started_at")
    assert response.status_code == 302
    assert response.url == reverse("checkups-own-words", args=[checkup.code])
    return checkup


def own_words_url(checkup) -> str:
    return reverse("checkups-own-words", args=[checkup.code])


def check_url(checkup) -> str:
    return reverse("checkups-own-words-check", args=[checkup.code])


def section_url(checkup, number: int) -> str:
    return reverse("checkups-section", args=[checkup.code, number])


def section_with(construct: str) -> int:
    return next(
        n
        for n, s in enumerate(CHECKUP.sections, 1)
        if any(i.construct == construct for i in s.items)
    )


def text_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


@pytest.fixture
def heard_as(monkeypatch):
    """Make the words read as these signs, so a test of the page does not hang on the model."""

    def chosen(*signs: str) -> None:
        suggestions = tuple(Suggestion(s, 0.6 - i / 10) for i, s in enumerate(signs))
        monkeypatch.setattr(own_words, "read_text", lambda text: Reading(NOTHING, suggestions, ""))

    return chosen


def test_it_offers_the_box_first_and_the_questions_after_it(owner_client):
    checkup = start(owner_client)
    page = text_of(owner_client.get(own_words_url(checkup)))
    assert "In your own words, what is going on? (optional)" in page
    assert 'value="continue"' in page and 'value="skip"' in page
    assert "never shared with a partner" in page


def test_skip_goes_to_the_questions_keeps_nothing_and_is_not_asked_again(owner_client):
    checkup = start(owner_client)
    response = owner_client.post(
        own_words_url(checkup), {"text": "something I changed my mind about", "action": "skip"}
    )
    assert response.url == section_url(checkup, 1)
    checkup.refresh_from_db()
    assert bytes(checkup.own_words) == b"" and checkup.own_words_signs == []
    assert owner_client.post(reverse("checkups-start")).url == section_url(checkup, 1)


def test_it_offers_the_signs_the_words_sound_like_as_questions(owner_client, heard_as):
    heard_as("misunderstood", "lonely")
    checkup = start(owner_client)
    response = owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    assert response.url == check_url(checkup)
    page = text_of(owner_client.get(check_url(checkup)))
    assert "It sounds like you may feel unheard, or not quite understood. Is that right?" in page
    assert "It sounds like you may feel lonely, even when you are together. Is that right?" in page
    assert page.count(">Yes<") == 2 and page.count(">Not really<") == 2
    assert page.index("unheard") < page.index("lonely")


def test_a_clear_text_is_read_by_the_real_model_as_the_matching_sign(owner_client):
    checkup = start(owner_client)
    text = "We never hug or kiss anymore, and I miss being held."
    response = owner_client.post(own_words_url(checkup), {"text": text, "action": "continue"})
    assert response.url == check_url(checkup)
    checkup.refresh_from_db()
    assert checkup.own_words_signs[0]["id"] == "affection"
    assert "missing warmth and closeness" in text_of(owner_client.get(check_url(checkup)))


def test_a_text_about_not_being_listened_to_suggests_feeling_misunderstood(owner_client):
    # The real model, loaded once per process.
    checkup = start(owner_client)
    response = owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    assert response.url == check_url(checkup)
    checkup.refresh_from_db()
    assert "misunderstood" in [s["id"] for s in checkup.own_words_signs]
    assert "you may feel unheard" in text_of(owner_client.get(check_url(checkup)))


def test_confirmed_signs_mark_their_sections_and_dismissed_ones_do_not(owner_client, heard_as):
    heard_as("misunderstood", "lonely")
    checkup = start(owner_client)
    owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    response = owner_client.post(check_url(checkup), {"misunderstood": "yes", "lonely": "no"})
    assert response.url == section_url(checkup, 1)
    checkup.refresh_from_db()
    assert checkup.confirmed_signs == ["misunderstood"]
    first = text_of(owner_client.get(section_url(checkup, 1)))
    assert "You mentioned this" not in first
    assert "sections about what you mentioned are marked" in first
    for n in range(1, section_with("misunderstood")):
        owner_client.post(section_url(checkup, n), section_post(n))
    marked = text_of(owner_client.get(section_url(checkup, section_with("misunderstood"))))
    assert "You mentioned this" in marked and "feeling misunderstood" in marked


def test_dismissing_every_suggestion_marks_nothing(owner_client, heard_as):
    heard_as("lonely")
    checkup = start(owner_client)
    owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    owner_client.post(check_url(checkup), {"lonely": "no"})
    checkup.refresh_from_db()
    assert checkup.confirmed_signs == []
    page = text_of(owner_client.get(section_url(checkup, section_with("lonely"))))
    assert "You mentioned this" not in page


def test_a_crisis_text_shows_people_to_talk_to_first_and_offers_no_sign(owner_client):
    checkup = start(owner_client)
    response = owner_client.post(own_words_url(checkup), {"text": CRISIS, "action": "continue"})
    assert response.url.startswith(reverse("safety-question", args=[_asked(checkup)]))
    page = text_of(owner_client.get(response.url))
    assert "You matter" in page and "Samaritans" in page
    assert section_url(checkup, 1) in page
    checkup.refresh_from_db()
    assert checkup.own_words_tier == 2 and checkup.own_words_signs == []
    assert owner_client.get(check_url(checkup)).url == section_url(checkup, 1)


def test_an_abuse_text_brings_abuse_lines_and_a_plan_for_one(owner_client):
    checkup = start(owner_client)
    text = "My partner hits me when he is angry."
    response = owner_client.post(own_words_url(checkup), {"text": text, "action": "continue"})
    page = text_of(owner_client.get(response.url))
    assert "National Domestic Abuse Helpline" in page
    checkup.refresh_from_db()
    assert checkup.text_abuse and checkup.own_words_signs == []


def test_a_softly_worrying_text_gets_the_check_in_line_and_no_sign(owner_client):
    checkup = start(owner_client)
    response = owner_client.post(own_words_url(checkup), {"text": SOFT, "action": "continue"})
    assert response.url == section_url(checkup, 1)
    page = text_of(owner_client.get(response.url))
    assert "Checking in with you" in page
    assert page.index("Checking in with you") < page.index("<h1>")
    checkup.refresh_from_db()
    assert checkup.own_words_tier == 1 and checkup.own_words_signs == []


def test_without_the_model_the_phrases_still_screen_and_nothing_is_suggested(
    owner_client, monkeypatch
):
    monkeypatch.setattr(model, "shipped_model", lambda: None)
    monkeypatch.setattr(screening, "default_layers", lambda: (PhraseLayer(phrases()),))
    checkup = start(owner_client)
    calm = "We never hug or kiss anymore, and I miss being held."
    assert owner_client.post(own_words_url(checkup), {"text": calm, "action": "continue"}).url == (
        section_url(checkup, 1)
    )
    response = owner_client.post(own_words_url(checkup), {"text": CRISIS, "action": "continue"})
    assert response.url.startswith(reverse("safety-question", args=[_asked(checkup)]))


def _asked(checkup) -> str:
    """The code of the private question the check-up's own words brought."""
    return CareNotice.objects.get(user=checkup.user, text_code=checkup.code).code


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": UNHEARD, "action": "delete-everything"}, "Choose Continue or Skip."),
        ({"text": UNHEARD + " " + "word " * 400, "action": "continue"}, "2,000 characters"),
        ({"text": UNHEARD + "\x00", "action": "continue"}, "a character we cannot store"),
    ],
)
def test_tampered_input_is_refused_with_the_words_kept(owner_client, data, message):
    checkup = start(owner_client)
    page = owner_client.post(own_words_url(checkup), data)
    assert page.status_code == 400
    assert message in text_of(page) and UNHEARD in text_of(page)
    checkup.refresh_from_db()
    assert bytes(checkup.own_words) == b"" and not checkup.own_words_seen


def test_a_tampered_answer_to_a_suggestion_is_refused(owner_client, heard_as):
    heard_as("lonely")
    checkup = start(owner_client)
    owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    page = owner_client.post(check_url(checkup), {"lonely": "definitely"})
    assert page.status_code == 400 and "not one of the choices" in text_of(page)
    checkup.refresh_from_db()
    assert checkup.own_words_signs[0]["confirmed"] is None


def test_every_step_stays_within_ten_queries(owner_client, heard_as, django_assert_max_num_queries):
    heard_as("misunderstood")
    checkup = start(owner_client)
    steps = [
        ("get", own_words_url(checkup), None),
        ("post", own_words_url(checkup), {"text": UNHEARD, "action": "continue"}),
        ("get", check_url(checkup), None),
        ("post", check_url(checkup), {"misunderstood": "yes"}),
        ("get", own_words_url(checkup), None),
        ("get", section_url(checkup, 1), None),
    ]
    for method, url, data in steps:
        with django_assert_max_num_queries(10):
            response = getattr(owner_client, method)(url, data)
        assert response.status_code in (200, 302), url


@pytest.mark.parametrize("name", ["checkups-own-words", "checkups-own-words-check"])
def test_a_stranger_gets_404_and_anonymous_is_sent_to_log_in(client, owner, outsider, name):
    checkup = Checkup.objects.create(
        user=owner,
        instrument_version=CHECKUP.version,
        own_words_signs=[{"id": "lonely", "score": 0.5, "confirmed": None}],
    )
    url = reverse(name, args=[checkup.code])
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts-login") in response.url
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "mine now", "action": "continue"}).status_code == 404
    checkup.refresh_from_db()
    assert bytes(checkup.own_words) == b""


def test_the_words_are_stored_encrypted_and_read_back_only_for_their_writer(
    owner, owner_client, heard_as
):
    heard_as()
    checkup = start(owner_client)
    owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT own_words FROM checkups_checkup WHERE id = %s", [checkup.pk])
        stored = bytes(cursor.fetchone()[0])
    assert stored and b"phone" not in stored and UNHEARD.encode() not in stored
    assert decrypt(owner.pk, stored) == UNHEARD
    assert UNHEARD in text_of(owner_client.get(own_words_url(checkup)))


def test_the_words_are_in_the_export(owner_client, heard_as):
    heard_as()
    checkup = start(owner_client)
    owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    exported = owner_client.get(reverse("privacy-export-json")).json()
    assert exported["checkups"][0]["own_words"]["text"] == UNHEARD


def test_deleting_the_account_leaves_the_words_unreadable_and_gone(owner, owner_client, heard_as):
    heard_as()
    checkup = start(owner_client)
    owner_client.post(own_words_url(checkup), {"text": UNHEARD, "action": "continue"})
    stored = bytes(Checkup.objects.get(pk=checkup.pk).own_words)
    owner_client.post(reverse("privacy-delete"), {"password": PASSWORD})
    assert not Checkup.objects.filter(pk=checkup.pk).exists()
    assert decrypt(owner.pk, stored) is UNREADABLE
