"""A sharer whose own screen is positive looks exactly like one who has not shared today.

The partner's home page and check-in page are rendered in both worlds and compared, with
names, codes and dates blanked out: any difference would tell the partner something changed.
"""

import pytest
from django.test import Client

from tests.checkins.helpers import HOME, PAGE, make_checkin, post_data, protect
from tests.conftest import make_person
from tests.couples.helpers import answers, finished, link, normalise


def _couple(tag: str):
    person = make_person(f"robin-{tag}@example.org", display_name="Robin", country="GB")
    partner = make_person(f"sam-{tag}@example.org", display_name="Sam", country="GB")
    couple = link(person, partner)
    # The partner has a life of their own on these pages: a check-up and a check-in.
    finished(partner, answers("support"))
    make_checkin(partner, stress=4, needs=["listen"])
    return person, partner, couple


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _checked_in_without_sharing(person, couple):
    _client(person).post(PAGE, post_data(note="Tea later?"))


def _never_checked_in(person, couple):
    pass


def _shared_then_abuse(person, couple):
    _client(person).post(PAGE, post_data(note="Tea later?", share_need="on", share_stress="on"))
    protect(person, abuse=True)


def _shared_then_crisis(person, couple):
    _client(person).post(PAGE, post_data(share_need="on"))
    protect(person, crisis=True)


def _shared_then_crisis_note(person, couple):
    _client(person).post(PAGE, post_data(share_need="on"))
    later = finished(person, answers("lonely"))
    later.note_tier = 2
    later.save()


def _shared_then_abuse_without_the_signal(person, couple):
    # Even if nothing withdrew the share, the read-time check must hide it.
    make_checkin(person, note="Tea later?", share_need=True, share_stress=True, shared_link=couple)
    protect(person, abuse=True, signal=False)


def _protected_then_tries_to_share(person, couple):
    protect(person, abuse=True)
    _client(person).post(PAGE, post_data(share_need="on", share_stress="on"))


def _seen_by_partner(partner) -> list[tuple[str, int, str]]:
    client = _client(partner)
    seen = []
    for url in (HOME, PAGE, "/couple/"):
        response = client.get(url)
        seen.append((url, response.status_code, normalise(response.content.decode(), "Robin")))
    return seen


@pytest.mark.parametrize(
    "protected",
    [
        _shared_then_abuse,
        _shared_then_crisis,
        _shared_then_crisis_note,
        _shared_then_abuse_without_the_signal,
        _protected_then_tries_to_share,
    ],
)
@pytest.mark.parametrize("baseline", [_checked_in_without_sharing, _never_checked_in])
def test_the_partner_sees_exactly_what_they_would_if_nothing_was_shared(db, baseline, protected):
    person, partner, couple = _couple("baseline")
    baseline(person, couple)
    expected = _seen_by_partner(partner)

    person, partner, couple = _couple("protected")
    protected(person, couple)
    actual = _seen_by_partner(partner)

    for (where, status, body), (_, want_status, want_body) in zip(actual, expected, strict=True):
        assert status == want_status, where
        assert body == want_body, where


def test_it_would_notice_a_difference_if_one_showed(db):
    # The comparison above would pass vacuously if a shared request never showed at all.
    person, partner, couple = _couple("baseline")
    _checked_in_without_sharing(person, couple)
    expected = _seen_by_partner(partner)
    person, partner, couple = _couple("plain")
    _client(person).post(PAGE, post_data(share_need="on"))
    actual = _seen_by_partner(partner)
    differing = {
        where
        for (where, _, body), (_, _, want) in zip(actual, expected, strict=True)
        if body != want
    }
    assert differing == {HOME, PAGE}
