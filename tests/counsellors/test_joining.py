"""Joining a counsellor's space: by code or link, shares nothing, refused clearly when it cannot."""

from django.urls import reverse

from attune.counsellors import services
from attune.counsellors.models import Client
from tests.conftest import make_person
from tests.counsellors.conftest import client_for
from tests.couples.helpers import answers, finished


def test_a_partner_joins_with_the_typed_code_in_any_case_and_spacing(space, owner):
    browser = client_for(owner)
    typed = space.shown_join_code.lower().replace("-", " ")
    page = browser.post(reverse("counsellors-join"), {"code": typed}, follow=True)
    assert "Join Riverside Counselling?" in page.content.decode()
    done = browser.post(page.redirect_chain[-1][0], follow=True)
    assert "Nothing is shared until you choose" in done.content.decode()
    assert Client.objects.current().filter(space=space, user=owner).count() == 1


def test_a_wrong_code_re_shows_the_form_with_what_was_typed_and_a_message(space, owner):
    page = client_for(owner).post(reverse("counsellors-join"), {"code": "WRNG-CODE"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "That code does not work" in html and 'value="WRNG-CODE"' in html


def test_joining_shares_nothing_by_itself(counsellor, space, owner):
    finished(owner, answers("lonely"))
    services.join(owner, space)
    place = Client.objects.get(user=owner)
    assert not any(getattr(place, kind) for kind in services.KINDS)
    page = client_for(counsellor.user).get(
        reverse("counsellors-person", args=[space.code, place.code])
    )
    html = page.content.decode()
    assert "No check-up shared." in html and html.count("Not shared.") == 2


def test_a_third_person_the_counsellor_and_a_closed_space_are_refused(counsellor, space, joined):
    third = make_person("third@example.org")
    refusals = {
        third: "This code has been used already",
        counsellor.user: "This is a space you opened yourself",
    }
    for who, refusal in refusals.items():
        browser = client_for(who)
        page = browser.post(reverse("counsellors-join-code", args=[space.join_code]), follow=True)
        assert refusal in page.content.decode()
        assert not Client.objects.filter(user=who).exists()
    services.close_space(space)
    page = client_for(third).get(reverse("counsellors-join-code", args=[space.join_code]))
    assert page.status_code == 404
    assert not Client.objects.current().exists()


def test_joining_twice_keeps_one_place(space, owner):
    first = services.join(owner, space)
    assert services.join(owner, space) == first
