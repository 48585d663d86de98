"""Couple activities close, silently, for a person whose own screen is positive; to their
partner nothing changes.

What the partner receives is compared byte for byte, state by state, in
tests/test_partner_never_learns.py.
"""

import pytest
from django.test import Client
from django.urls import reverse

from attune.activities.models import Run
from tests.conftest import make_person
from tests.couples.helpers import answers, finished, link, normalise

COUPLE = "conversation-night"


def _pages(person) -> list[tuple[str, int, str]]:
    client = Client()
    client.force_login(person)
    seen = []
    for url in (
        reverse("activities-index"),
        reverse("activities-detail", args=[COUPLE]),
        reverse("activities-detail", args=["support-checkin"]),
    ):
        response = client.get(url)
        seen.append((url, response.status_code, normalise(response.content.decode(), "Sam")))
    return seen


def _person(tag: str):
    person = make_person(f"sam-{tag}@example.org", display_name="Sam", country="GB")
    finished(person, answers("lonely"))
    return person


def test_it_offers_couple_activities_while_linked(owner_client, linked):
    page = owner_client.get(reverse("activities-index")).content.decode()
    assert reverse("activities-detail", args=[COUPLE]) in page
    detail = owner_client.get(reverse("activities-detail", args=[COUPLE])).content.decode()
    assert reverse("activities-start", args=[COUPLE]) in detail


def test_it_hides_couple_activities_from_a_person_whose_screen_is_positive(
    owner_client, owner, linked
):
    finished(owner, answers("lonely", abuse=True))
    page = owner_client.get(reverse("activities-index")).content.decode()
    assert reverse("activities-detail", args=[COUPLE]) not in page
    detail = owner_client.get(reverse("activities-detail", args=[COUPLE])).content.decode()
    assert reverse("activities-start", args=[COUPLE]) not in detail
    assert "Meanwhile, on your own" in detail
    response = owner_client.post(reverse("activities-start", args=[COUPLE]))
    assert response.status_code == 302 and not Run.objects.exists()


def test_it_stops_a_run_already_under_way_when_the_screen_turns_positive(
    owner_client, owner, linked
):
    run = Run.objects.create(user=owner, activity_id=COUPLE, mode=Run.TOGETHER)
    finished(owner, answers("lonely", crisis=True))
    page = owner_client.get(reverse("activities-step", args=[run.code])).content.decode()
    assert "Meanwhile, on your own" in page
    assert 'value="next"' not in page


@pytest.mark.parametrize("screen", ["abuse", "crisis"])
def test_it_leaves_the_partner_of_a_protected_person_their_couple_activities(db, screen):
    protected = make_person("robin@example.org", display_name="Robin")
    partner = _person("linked")
    link(protected, partner)
    finished(protected, answers("lonely", **{screen: True}))
    client = Client()
    client.force_login(partner)
    index = client.get(reverse("activities-index")).content.decode()
    assert reverse("activities-detail", args=[COUPLE]) in index
    detail = client.get(reverse("activities-detail", args=[COUPLE])).content.decode()
    assert reverse("activities-start", args=[COUPLE]) in detail
    assert "Meanwhile, on your own" not in detail
    # One device: the partner's to start, as on any evening.
    response = client.post(reverse("activities-start", args=[COUPLE]), {"mode": "together"})
    assert response.status_code == 302
    assert Run.objects.get(user=partner).mode == Run.TOGETHER


def test_it_offers_the_same_solo_alternatives_to_everyone_who_cannot_run_it(db):
    alone = _person("alone")
    page = Client()
    page.force_login(alone)
    detail = page.get(reverse("activities-detail", args=[COUPLE])).content.decode()
    assert "Meanwhile, on your own" in detail
    assert reverse("activities-detail", args=["safety-plan"]) not in detail
