"""A partner whose own screen is positive looks exactly like a partner who has not shared yet.

Every page and API answer the other partner can reach is rendered in both worlds and compared,
with names, codes and dates blanked out. If any difference shows, the partner could learn that
something changed, which is the one thing they must never learn.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from attune.api.models import ApiToken
from tests.conftest import make_person
from tests.couples.helpers import answers, finished, link, normalise, share


def _couple(tag: str):
    person = make_person(f"robin-{tag}@example.org", display_name="Robin", country="GB")
    partner = make_person(f"sam-{tag}@example.org", display_name="Sam", country="GB")
    couple = link(person, partner)
    share(finished(partner, answers("support")), couple)
    return person, partner, couple


def _not_shared(person, couple):
    finished(person, answers("lonely"))


def _never_took_one(person, couple):
    pass


def _shared_then_abuse(person, couple):
    share(finished(person, answers("lonely")), couple)
    finished(person, answers("lonely", abuse=True))


def _shared_then_crisis(person, couple):
    share(finished(person, answers("lonely")), couple)
    finished(person, answers("lonely", crisis=True))


def _shared_then_crisis_note(person, couple):
    share(finished(person, answers("lonely")), couple)
    later = finished(person, answers("lonely"))
    later.note_tier = 2
    later.save()


def _shared_with_abuse(person, couple):
    share(finished(person, answers("lonely", abuse=True)), couple)


def _seen_by_partner(partner, couple) -> list[tuple[str, int, str]]:
    """Everything the partner can reach in couple mode: pages and API answers."""
    client = Client()
    client.force_login(partner)
    own = partner.checkups.first()
    pages = [
        reverse("couples-home"),
        reverse("couples-report", args=[couple.code]),
        reverse("couples-unlink", args=[couple.code]),
        reverse("couples-share", args=[own.code]),
        reverse("checkups-report", args=[own.code]),
    ]
    seen = []
    for url in pages:
        response = client.get(url)
        seen.append((url, response.status_code, normalise(response.content.decode(), "Robin")))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(partner)}")
    for path in ("link", "couple/report", "checkups", f"checkups/{own.code}", "invitations"):
        response = api.get(f"/api/v1/{path}")
        body = json.dumps(response.json(), sort_keys=True, indent=1)
        seen.append((path, response.status_code, normalise(body, "Robin")))
    return seen


@pytest.mark.parametrize(
    "protect",
    [_shared_then_abuse, _shared_then_crisis, _shared_then_crisis_note, _shared_with_abuse],
)
@pytest.mark.parametrize("baseline", [_not_shared, _never_took_one])
def test_it_shows_the_partner_exactly_what_they_would_see_if_nothing_was_shared(
    db, baseline, protect
):
    person, partner, couple = _couple("baseline")
    baseline(person, couple)
    expected = _seen_by_partner(partner, couple)

    person, partner, couple = _couple("protected")
    protect(person, couple)
    actual = _seen_by_partner(partner, couple)

    for (where, status, body), (_, want_status, want_body) in zip(actual, expected, strict=True):
        assert status == want_status, where
        assert body == want_body, where


def test_it_would_notice_a_difference_if_one_showed(db):
    # The comparison above would pass vacuously if sharing never showed at all.
    person, partner, couple = _couple("baseline")
    _not_shared(person, couple)
    expected = _seen_by_partner(partner, couple)
    person, partner, couple = _couple("plain")
    share(finished(person, answers("lonely")), couple)
    actual = _seen_by_partner(partner, couple)
    differing = {
        where
        for (where, _, body), (_, _, want) in zip(actual, expected, strict=True)
        if body != want
    }
    assert {"link", "couple/report"} <= differing
    assert any("/report/" in where for where in differing)
