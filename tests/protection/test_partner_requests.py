"""A person protected by their own crisis line is not shown their partner's daily request,
exactly as a person protected by a check-up is not (one definition of needing care)."""

from django.urls import reverse

from tests.checkins.helpers import make_checkin
from tests.couples.helpers import answers, finished

CRISIS_LINE = "I want to kill myself tonight"


def test_a_person_protected_by_a_crisis_line_is_not_asked_for_anything(
    owner_client, owner, member, linked
):
    make_checkin(member, share_need=True, shared_link=linked)
    finished(owner, answers())  # an ordinary earlier check-up
    page = reverse("checkins-home")
    assert "Sam would like" in owner_client.get(page).content.decode()

    owner_client.post(page, {"stress": "5", "note": CRISIS_LINE})
    text = owner_client.get(page).content.decode()
    assert "Just for you" in text  # the page itself knows the person is protected
    assert "Sam would like" not in text
