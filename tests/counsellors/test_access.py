"""Who may see what: counsellor pages for their own counsellor only, leaving ends access at once,
the partner learns nothing, and protection changes nothing on the counsellor's couple page."""

import re

import pytest
from django.urls import reverse

from attune.counsellors import services
from tests.conftest import make_person
from tests.counsellors.conftest import client_for
from tests.couples.helpers import answers, finished

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _counsellor_urls(space, place):
    return [
        reverse("counsellors-clients"),
        reverse("counsellors-space", args=[space.code]),
        reverse("counsellors-close", args=[space.code]),
        reverse("counsellors-summary", args=[space.code]),
        reverse("counsellors-summary-pdf", args=[space.code]),
        reverse("counsellors-person", args=[space.code, place.code]),
    ]


def test_counsellor_pages_are_not_found_for_clients_strangers_and_other_counsellors(
    counsellor, space, joined, owner, member, outsider
):
    robin, _ = joined
    other = services.make_counsellor(make_person("lee@elsewhere.example"), "Elsewhere")
    for who in (owner, member, outsider):
        browser = client_for(who)
        for url in _counsellor_urls(space, robin):
            assert browser.get(url).status_code == 404, (who, url)
    browser = client_for(other.user)
    for url in _counsellor_urls(space, robin)[1:]:
        assert browser.get(url).status_code == 404, url
    assert (
        browser.post(
            reverse("counsellors-suggest", args=[space.code]), {"activity": "naming-feelings"}
        ).status_code
        == 404
    )
    space.refresh_from_db()
    assert space.homework == []


def test_anonymous_visitors_are_sent_to_log_in(space, joined):
    from django.test import Client as Browser

    robin, _ = joined
    for url in [*_counsellor_urls(space, robin), reverse("counsellors-choices", args=[robin.code])]:
        answer = Browser().get(url)
        assert answer.status_code == 302 and "/account/login/" in answer["Location"], url


def test_a_client_cannot_open_or_change_another_persons_choices(space, joined, member):
    robin, _ = joined
    browser = client_for(member)
    assert browser.get(reverse("counsellors-choices", args=[robin.code])).status_code == 404
    assert (
        browser.post(
            reverse("counsellors-choices", args=[robin.code]), {"share_pulse": "on"}
        ).status_code
        == 404
    )
    assert browser.post(reverse("counsellors-leave", args=[robin.code])).status_code == 404
    robin.refresh_from_db()
    assert not robin.share_pulse and robin.left_at is None


def test_leaving_ends_access_at_once_and_clears_every_choice(counsellor, space, joined, owner):
    robin, _ = joined
    checkup = finished(owner, answers("lonely"))
    services.choose(
        robin, kinds=["share_scores"], checkups=[checkup.code], notes=[], wants_safety_talk=True
    )
    kim = client_for(counsellor.user)
    person = reverse("counsellors-person", args=[space.code, robin.code])
    assert kim.get(person).status_code == 200
    client_for(owner).post(reverse("counsellors-leave", args=[robin.code]))
    assert kim.get(person).status_code == 404
    assert ">Robin<" not in kim.get(reverse("counsellors-clients")).content.decode()
    robin.refresh_from_db()
    assert robin.left_at and not robin.share_scores and not robin.wants_safety_talk
    assert not robin.chosen_checkups
    again = services.join(owner, space)
    assert not again.share_scores and not again.chosen_checkups


def test_the_wish_to_talk_about_safety_shows_only_on_that_persons_own_page(
    counsellor, space, joined
):
    robin, _ = joined
    kim = client_for(counsellor.user)
    shared_pages = [
        reverse("counsellors-clients"),
        reverse("counsellors-space", args=[space.code]),
        reverse("counsellors-summary", args=[space.code]),
    ]
    before = [CSRF.sub("", kim.get(url).content.decode()) for url in shared_pages]
    services.choose(robin, kinds=[], checkups=[], notes=[], wants_safety_talk=True)
    own = kim.get(reverse("counsellors-person", args=[space.code, robin.code])).content.decode()
    assert "would like to talk about safety on their own" in own
    assert [CSRF.sub("", kim.get(url).content.decode()) for url in shared_pages] == before


def test_the_safety_activities_cannot_be_suggested(counsellor, space):
    kim = client_for(counsellor.user)
    page = kim.get(reverse("counsellors-space", args=[space.code])).content.decode()
    assert 'value="safety-plan"' not in page and 'value="reach-out"' not in page
    refused = kim.post(
        reverse("counsellors-suggest", args=[space.code]), {"activity": "safety-plan"}
    )
    assert refused.status_code == 400
    space.refresh_from_db()
    assert space.homework == []


def _partner_view(member) -> list[str]:
    browser = client_for(member)
    places = services.spaces_of(member)
    urls = [reverse("counsellors-mine"), reverse("web-home")]
    urls += [reverse("counsellors-choices", args=[p.code]) for p in places]
    return [CSRF.sub("", browser.get(url).content.decode()) for url in urls]


def test_the_partner_sees_the_same_whatever_the_other_chose(space, owner, member, linked):
    services.join(member, space)
    before = _partner_view(member)
    robin = services.join(owner, space)
    checkup = finished(owner, answers("lonely"))
    services.choose(
        robin, kinds=list(services.KINDS), checkups=[checkup.code], notes=[], wants_safety_talk=True
    )
    assert _partner_view(member) == before


@pytest.mark.parametrize("trigger", ["checkup_safety_answer", "crisis_line"])
def test_the_couple_page_looks_the_same_when_a_partner_becomes_protected(
    counsellor, space, joined, owner, member, linked, trigger
):
    robin, sam = joined
    robins = finished(owner, answers("lonely"))
    sams = finished(member, answers("support"))
    services.choose(
        robin,
        kinds=["share_scores", "share_pulse"],
        checkups=[robins.code],
        notes=[],
        wants_safety_talk=False,
    )
    services.choose(
        sam, kinds=["share_scores"], checkups=[sams.code], notes=[], wants_safety_talk=False
    )
    kim = client_for(counsellor.user)
    pages = [
        reverse("counsellors-space", args=[space.code]),
        reverse("counsellors-summary", args=[space.code]),
        reverse("counsellors-clients"),
    ]
    before = [CSRF.sub("", kim.get(url).content.decode()) for url in pages]
    from attune.couples.sharing import is_protected

    if trigger == "checkup_safety_answer":
        finished(owner, answers(abuse=True))
    else:
        client_for(owner).post(
            reverse("checkins-home"), {"stress": "5", "note": "I want to kill myself tonight"}
        )
    owner.refresh_from_db()
    assert is_protected(owner)
    assert [CSRF.sub("", kim.get(url).content.decode()) for url in pages] == before


def test_a_partner_who_did_not_join_reaches_nothing_of_the_space(
    counsellor, space, owner, member, linked
):
    robin = services.join(owner, space)
    services.choose(
        robin, kinds=list(services.KINDS), checkups=[], notes=[], wants_safety_talk=True
    )
    browser = client_for(member)
    for url in (
        *_counsellor_urls(space, robin),
        reverse("counsellors-choices", args=[robin.code]),
        reverse("counsellors-leave", args=[robin.code]),
        f"/api/v1/counsellor/clients/{robin.code}/fhir",
    ):
        assert browser.get(url).status_code == 404, url
    assert "Riverside" not in browser.get(reverse("counsellors-mine")).content.decode()
