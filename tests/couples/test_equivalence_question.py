"""Whatever the writer answers to the one private question, their partner learns nothing.

Each state the question leaves (waiting for an answer, yes, not sure, ended by the writer, with
the question answered or still open) must look to the partner exactly like a person who has not
shared, byte for byte after blanking names, codes, dates and CSRF tokens. "No" withdraws
nothing: the partner sees exactly what they saw before the words were written, and never them.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.couples.helpers import answers, finished, share
from tests.couples.test_equivalence_abuse_text import _everything_the_partner_sees
from tests.couples.test_safety_equivalence import _couple, _never_took_one, _not_shared
from tests.safety.helpers import answer

CRISIS_LINE = "I want to kill myself tonight"
TELLTALES = ("kill myself", "tonight")


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _writes_a_crisis_line(person) -> Client:
    client = _client(person)
    response = client.post(reverse("checkins-home"), {"stress": "5", "note": CRISIS_LINE})
    assert response.status_code == 302
    return client


def _shared(person, couple):
    share(finished(person, answers("lonely")), couple)


def _waiting_for_an_answer(person, couple):
    _shared(person, couple)
    _writes_a_crisis_line(person)


def _answered_yes(person, couple):
    _shared(person, couple)
    answer(_writes_a_crisis_line(person), person, "yes")


def _answered_not_sure(person, couple):
    _shared(person, couple)
    answer(_writes_a_crisis_line(person), person, "not_sure")


def _ended_by_themself(person, couple):
    _shared(person, couple)
    client = _writes_a_crisis_line(person)
    answer(client, person, "yes")
    assert client.post(reverse("safety-end-care")).status_code == 302


def _ended_with_the_question_open(person, couple):
    _shared(person, couple)
    assert _writes_a_crisis_line(person).post(reverse("safety-end-care")).status_code == 302


def _answered_no_having_shared_nothing(person, couple):
    finished(person, answers("lonely"))
    answer(_writes_a_crisis_line(person), person, "no")


LOOKS_NOT_SHARED = [
    _waiting_for_an_answer,
    _answered_yes,
    _answered_not_sure,
    _ended_by_themself,
    _ended_with_the_question_open,
    _answered_no_having_shared_nothing,
]


def _seen(state) -> list[tuple[str, int, str]]:
    person, partner, couple = _couple(state.__name__)
    state(person, couple)
    return _everything_the_partner_sees(partner, couple)


def _same(actual, expected) -> None:
    for (where, status, body), (_, want_status, want_body) in zip(actual, expected, strict=True):
        assert status == want_status, where
        assert body == want_body, where
        for telltale in TELLTALES:
            assert telltale not in body.lower(), (where, telltale)


@pytest.mark.parametrize("state", LOOKS_NOT_SHARED)
@pytest.mark.parametrize("baseline", [_not_shared, _never_took_one])
def test_every_state_of_the_question_looks_like_not_sharing(db, baseline, state):
    _same(_seen(state), _seen(baseline))


def test_no_shows_the_partner_exactly_what_they_saw_before_the_words(db):
    def _answered_no_having_shared(person, couple):
        _shared(person, couple)
        answer(_writes_a_crisis_line(person), person, "no")

    before = _seen(_shared)
    _same(_seen(_answered_no_having_shared), before)
    # And that is not "not shared": the check-up the person shared is still there.
    assert before != _seen(_not_shared)
