"""Making an invitation: the link is shown once, can be e-mailed neutrally, and can be withdrawn."""

import re

from django.urls import reverse

from attune.couples.models import Invitation, hash_token
from tests.couples.helpers import answers, finished


def _link_in(page: str) -> str:
    return re.search(r'value="(http[^"]+/couple/join/[^"]+)"', page).group(1)


def test_it_shows_the_new_link_once_and_stores_only_its_hash(owner_client, owner):
    response = owner_client.post(reverse("couples-invite"), {"email": ""}, follow=True)
    page = response.content.decode()
    url = _link_in(page)
    token = url.rstrip("/").rsplit("/", 1)[1]
    made = Invitation.objects.get(inviter=owner)
    assert made.token_hash == hash_token(token) and token not in made.token_hash
    again = owner_client.get(reverse("couples-home")).content.decode()
    assert token not in again and "Open invitations" in again


def test_it_e_mails_the_link_with_a_neutral_text(owner_client, mailoutbox):
    owner_client.post(reverse("couples-invite"), {"email": "sam@example.org"}, follow=True)
    (mail,) = mailoutbox
    assert mail.to == ["sam@example.org"] and mail.subject == "An invitation for you"
    assert "Robin has invited you" in mail.body and "/couple/join/" in mail.body
    assert mail.alternatives[0][1] == "text/html"


def test_it_re_shows_a_bad_address_with_a_message_and_the_input_kept(owner_client, mailoutbox):
    response = owner_client.post(reverse("couples-invite"), {"email": "not an address"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter an e-mail address like name@example.org" in page
    assert 'value="not an address"' in page
    assert not Invitation.objects.exists() and not mailoutbox


def test_it_withdraws_an_invitation_so_its_link_stops_working(owner_client, owner):
    owner_client.post(reverse("couples-invite"), {"email": ""})
    page = owner_client.get(reverse("couples-home")).content.decode()
    made = Invitation.objects.get()
    response = owner_client.post(reverse("couples-cancel-invitation", args=[made.code]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.cancelled_at is not None and "Open invitations" in page


def test_it_lets_no_one_else_withdraw_an_invitation(owner, outsider_client):
    made, _ = Invitation.issue(owner)
    response = outsider_client.post(reverse("couples-cancel-invitation", args=[made.code]))
    assert response.status_code == 404
    made.refresh_from_db()
    assert made.cancelled_at is None


def test_it_offers_no_invitation_to_someone_whose_own_screen_is_positive(owner_client, owner):
    finished(owner, answers(abuse=True))
    page = owner_client.get(reverse("couples-home")).content.decode()
    assert "Invite your partner" not in page and "Just for you" in page
    assert reverse("safety-plan") in page


def test_it_never_changes_anything_on_a_get(owner_client):
    assert owner_client.get(reverse("couples-invite")).status_code == 405
    assert not Invitation.objects.exists()


def test_a_person_who_needs_care_cannot_make_an_invitation_by_posting(owner_client, owner):
    finished(owner, answers(abuse=True))
    response = owner_client.post(reverse("couples-invite"), {"email": ""}, follow=True)
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert "already linked" not in response.content.decode()
