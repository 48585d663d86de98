"""Unlinking: access ends at once for both, shares go private, the other gets a neutral notice."""

from django.test import Client
from django.urls import reverse

from attune.couples.models import Link, Share
from tests.conftest import PASSWORD
from tests.couples.helpers import answers, finished, share


def test_it_asks_before_unlinking_and_a_get_changes_nothing(owner_client, linked):
    page = owner_client.get(reverse("couples-unlink", args=[linked.code])).content.decode()
    assert "Unlink from Sam?" in page
    linked.refresh_from_db()
    assert linked.active


def test_it_ends_access_for_both_at_once_and_makes_shares_private(
    owner_client, member_client, owner, member, linked, client
):
    share(finished(owner), linked)
    share(finished(member), linked)
    owner_client.post(reverse("couples-unlink", args=[linked.code]))
    linked.refresh_from_db()
    assert not linked.active
    assert not Share.objects.filter(withdrawn_at__isnull=True).exists()
    client.force_login(member)
    assert client.get(reverse("couples-report", args=[linked.code])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("couples-report", args=[linked.code])).status_code == 404


def test_it_gives_the_other_partner_a_neutral_notice_they_can_dismiss(
    owner_client, member, linked, client, mailoutbox
):
    owner_client.post(reverse("couples-unlink", args=[linked.code]))
    (mail,) = mailoutbox
    assert mail.to == [member.email]
    assert mail.subject == "There is something new for you in Attune"
    client.force_login(member)
    page = client.get(reverse("couples-home")).content.decode()
    assert "You are no longer linked with a partner" in page
    client.post(reverse("couples-dismiss-notice"))
    assert "no longer linked" not in client.get(reverse("couples-home")).content.decode()


def test_it_unlinks_in_one_click_from_the_private_panel(owner_client, owner, linked):
    finished(owner, answers(abuse=True))
    response = owner_client.post(reverse("couples-unlink", args=[linked.code]), follow=True)
    assert response.status_code == 200
    assert not Link.objects.active().exists()


def test_it_needs_a_new_invitation_to_link_again(owner_client, linked):
    owner_client.post(reverse("couples-unlink", args=[linked.code]))
    page = owner_client.get(reverse("couples-home")).content.decode()
    assert "Invite your partner" in page and "You are linked with" not in page


def test_an_account_deletion_gives_the_partner_the_same_notice_as_an_unlink(
    owner, member, linked, mailoutbox, owner_client
):
    owner_client.post(reverse("privacy-delete"), {"password": PASSWORD})
    sam = Client()
    sam.force_login(member)
    page = sam.get(reverse("couples-home")).content.decode()
    assert "You are no longer linked" in page
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["member@example.org"], "There is something new for you in Attune")
    ]
