"""An invitation made before a person came to need care can no longer link them: it is
withdrawn (to the partner it looks like the person withdrawing it)."""

from urllib.parse import urlsplit

from django.urls import reverse

from attune.couples.models import Link
from attune.couples.views import NEW_LINK_KEY

CRISIS_LINE = "I want to kill myself tonight"


def test_an_old_invitation_cannot_link_a_person_who_now_needs_care(owner_client, owner, sam):
    response = owner_client.post(reverse("couples-invite"), {"email": ""})
    assert response.status_code == 302
    join = urlsplit(owner_client.session[NEW_LINK_KEY]).path

    owner_client.post(reverse("checkins-home"), {"stress": "5", "note": CRISIS_LINE})

    sam.post(join)
    assert not Link.objects.exists(), "a protected person was linked by an old invitation"


def test_the_partner_is_told_only_that_it_was_withdrawn(owner_client, owner, sam):
    owner_client.post(reverse("couples-invite"), {"email": ""})
    join = urlsplit(owner_client.session[NEW_LINK_KEY]).path
    owner_client.post(reverse("checkins-home"), {"stress": "5", "note": CRISIS_LINE})
    page = sam.get(join).content.decode()
    assert "This invitation was withdrawn" in page


def test_a_person_who_needs_care_cannot_accept_an_invitation(owner_client, owner, member, sam):
    from attune.couples.models import Invitation

    _, token = Invitation.issue(owner)
    sam.post(reverse("checkins-home"), {"stress": "5", "note": CRISIS_LINE})
    response = sam.post(reverse("couples-join", args=[token]))
    assert response.status_code == 400
    assert "You cannot link right now" in response.content.decode()
    assert not Link.objects.exists()
