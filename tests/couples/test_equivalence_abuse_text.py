"""Abuse written in a free-text field protects a person just as an abuse answer does.

The person writes it through the real pages (the check-up's own-words box, its closing note, an
activity note), so the tier comes from the real screen. Their partner's pages and API answers
must then be the same, byte for byte after blanking names, codes, dates and CSRF tokens, as
for a person who has not shared; and the words themselves must never reach the partner.
"""

import pytest
from django.test import Client
from django.urls import reverse

from attune.core.screen.screening import screen_text
from tests.activities.helpers import start as start_activity
from tests.checkups.helpers import CHECKUP, section_post
from tests.couples.helpers import answers, finished, normalise, share
from tests.couples.test_safety_equivalence import (
    _couple,
    _never_took_one,
    _not_shared,
    _seen_by_partner,
)
from tests.safety.helpers import answer

# Read by the phrases, and only by the model; each must screen at tier 2 as abuse.
PHRASE_ABUSE = "My partner hits me when he is angry and I hide in the bathroom."
MODEL_ABUSE = "She reads all my messages and tells me who I am allowed to see."
# Words from the texts that appear nowhere in Attune's own pages.
TELLTALES = ("hits me", "bathroom", "reads all my messages", "allowed to see")


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _take_checkup(person, own_words: str = "", note: str = "") -> None:
    """A whole check-up through the pages, with the words given (healthy answers otherwise)."""
    client = _client(person)
    client.post(reverse("checkups-start"))
    checkup = person.checkups.filter(finished_at__isnull=True).get()
    action = "continue" if own_words else "skip"
    client.post(
        reverse("checkups-own-words", args=[checkup.code]), {"text": own_words, "action": action}
    )
    for number in range(1, len(CHECKUP.sections) + 1):
        response = client.post(
            reverse("checkups-section", args=[checkup.code, number]), section_post(number)
        )
        assert response.status_code == 302
    client.post(reverse("checkups-note", args=[checkup.code]), {"note": note, "action": "finish"})
    checkup.refresh_from_db()
    assert checkup.finished


def _shared_then_abuse_in_the_note(person, couple):
    share(finished(person, answers("lonely")), couple)
    _take_checkup(person, note=PHRASE_ABUSE)


def _shared_then_model_read_abuse_in_the_note(person, couple):
    share(finished(person, answers("lonely")), couple)
    _take_checkup(person, note=MODEL_ABUSE)


def _shared_then_abuse_in_own_words(person, couple):
    share(finished(person, answers("lonely")), couple)
    _take_checkup(person, own_words=PHRASE_ABUSE)


def _shared_then_abuse_in_own_words_and_stopped_there(person, couple):
    share(finished(person, answers("lonely")), couple)
    client = _client(person)
    client.post(reverse("checkups-start"))
    checkup = person.checkups.filter(finished_at__isnull=True).get()
    client.post(
        reverse("checkups-own-words", args=[checkup.code]),
        {"text": MODEL_ABUSE, "action": "continue"},
    )


def _abuse_in_own_words_with_nothing_shared(person, couple):
    _take_checkup(person, own_words=MODEL_ABUSE)


def _shared_then_abuse_in_an_activity_note(person, couple):
    share(finished(person, answers("lonely")), couple)
    client = _client(person)
    run = start_activity(client, "self-compassion-break")
    client.post(
        reverse("activities-finish", args=[run.code]),
        {"helped": "3", "note": PHRASE_ABUSE, "share": "on"},
    )


PROTECTED_BY_TEXT = [
    _shared_then_abuse_in_the_note,
    _shared_then_model_read_abuse_in_the_note,
    _shared_then_abuse_in_own_words,
    _shared_then_abuse_in_own_words_and_stopped_there,
    _abuse_in_own_words_with_nothing_shared,
    _shared_then_abuse_in_an_activity_note,
]


def _everything_the_partner_sees(partner, couple) -> list[tuple[str, int, str]]:
    """The couple pages and API answers, the pulse trends and the home page."""
    seen = _seen_by_partner(partner, couple)
    client = _client(partner)
    for url in (reverse("progress-trends"), reverse("web-home")):
        response = client.get(url)
        seen.append((url, response.status_code, normalise(response.content.decode(), "Robin")))
    return seen


def _everywhere_the_partner_can_reach(partner, couple) -> list[tuple[str, int, str]]:
    """All of the above, and the activities page, where notes a partner shared are shown.

    The activities page is not compared byte for byte: by its own rule (activities/access.py)
    a protected person's partner sees it as if unlinked, not as if nothing was shared.
    """
    response = _client(partner).get(reverse("activities-index"))
    page = ("activities", response.status_code, response.content.decode())
    return [*_everything_the_partner_sees(partner, couple), page]


def test_the_texts_are_abuse_at_tier_two_for_the_screen_in_use():
    # If the screen changes its mind on one of these, the cases below no longer test abuse text.
    for text in (PHRASE_ABUSE, MODEL_ABUSE):
        screened = screen_text(text)
        assert (screened.tier, screened.abuse) == (2, True), text
    assert screen_text(MODEL_ABUSE).layer == "embedding"


@pytest.mark.parametrize("protect", PROTECTED_BY_TEXT)
@pytest.mark.parametrize("baseline", [_not_shared, _never_took_one])
def test_abuse_text_shows_the_partner_exactly_what_not_sharing_shows(db, baseline, protect):
    person, partner, couple = _couple("baseline")
    baseline(person, couple)
    expected = _everything_the_partner_sees(partner, couple)

    person, partner, couple = _couple("protected")
    protect(person, couple)
    actual = _everything_the_partner_sees(partner, couple)

    for (where, status, body), (_, want_status, want_body) in zip(actual, expected, strict=True):
        assert status == want_status, where
        assert body == want_body, where


@pytest.mark.parametrize("protect", [*PROTECTED_BY_TEXT, _shared_then_abuse_in_an_activity_note])
def test_the_abuse_text_never_reaches_the_partner(db, protect):
    person, partner, couple = _couple("protected")
    protect(person, couple)
    for where, _, body in _everywhere_the_partner_can_reach(partner, couple):
        for telltale in TELLTALES:
            assert telltale not in body.lower(), (where, telltale)


def test_the_writer_is_protected_and_sees_their_own_help(db):
    # So the sameness above is not just a partner who can see nothing at all.
    person, partner, couple = _couple("protected")
    _shared_then_abuse_in_own_words(person, couple)
    report = _client(person).get(reverse("checkups-report", args=[person.checkups.first().code]))
    page = report.content.decode()
    assert "Your safety comes first" in page and "Steps just for you" in page
    # Nothing is withdrawn before they answer the private question; "yes" withdraws it for good.
    assert couple.shares.filter(checkup__user=person, withdrawn_at__isnull=True).exists()
    answer(_client(person), person, "yes")
    assert not couple.shares.filter(checkup__user=person, withdrawn_at__isnull=True).exists()


def test_it_would_see_a_calm_note_that_was_shared(db):
    # The search above would pass vacuously if no note could ever reach the partner's pages.
    person, partner, couple = _couple("calm")
    run = start_activity(_client(person), "self-compassion-break")
    _client(person).post(
        reverse("activities-finish", args=[run.code]),
        {"helped": "4", "note": "We planned a picnic by the canal.", "share": "on"},
    )
    reached = " ".join(body for _, _, body in _everywhere_the_partner_can_reach(partner, couple))
    assert "picnic by the canal" in reached
