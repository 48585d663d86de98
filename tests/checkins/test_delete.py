"""Deleting one check-in, and deleting the account: every check-in goes, the line unreadable."""

from django.test import Client
from django.urls import reverse

from attune.accounts.crypto import UNREADABLE, decrypt
from attune.checkins.models import Checkin
from tests.checkins.helpers import HOME, PAGE, make_checkin
from tests.conftest import PASSWORD


def test_a_person_can_delete_one_of_their_check_ins(owner_client, owner):
    checkin = make_checkin(owner, note="Private words")
    response = owner_client.post(reverse("checkins-delete", args=[checkin.code]), follow=True)
    assert "That check-in is deleted." in response.content.decode()
    assert not Checkin.objects.filter(pk=checkin.pk).exists()


def test_a_stranger_gets_404_and_nothing_is_deleted(outsider_client, owner):
    checkin = make_checkin(owner)
    response = outsider_client.post(reverse("checkins-delete", args=[checkin.code]))
    assert response.status_code == 404
    assert Checkin.objects.filter(pk=checkin.pk).exists()


def test_a_get_deletes_nothing(owner_client, owner):
    checkin = make_checkin(owner)
    assert owner_client.get(reverse("checkins-delete", args=[checkin.code])).status_code == 405
    assert Checkin.objects.filter(pk=checkin.pk).exists()


def test_deleting_a_shared_check_in_takes_it_from_the_partner_at_once(owner, member, linked):
    checkin = make_checkin(owner, share_need=True, shared_link=linked)
    sam, robin = Client(), Client()
    sam.force_login(member)
    robin.force_login(owner)
    assert "Robin would like" in sam.get(HOME).content.decode()
    robin.post(reverse("checkins-delete", args=[checkin.code]))
    assert "Robin would like" not in sam.get(HOME).content.decode()


def test_deleting_the_account_deletes_every_check_in_and_its_key(owner_client, owner, member):
    checkin = make_checkin(owner, note="The words of a long day")
    kept = make_checkin(member, note="Sam's own words")
    backup = bytes(checkin.note)
    response = owner_client.post(reverse("privacy-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not Checkin.objects.filter(user_id=owner.pk).exists()
    assert decrypt(owner.pk, backup) is UNREADABLE
    assert decrypt(member.pk, Checkin.objects.get(pk=kept.pk).note) == "Sam's own words"


def test_a_partner_deleting_their_account_keeps_the_other_persons_check_ins(
    client, owner, member, linked
):
    # The link goes with the deleted person; the other's check-ins stay theirs, unshared.
    mine = make_checkin(member, share_need=True, shared_link=linked)
    client.force_login(owner)
    client.post(reverse("privacy-delete"), {"password": PASSWORD})
    mine.refresh_from_db()
    assert mine.shared_link is None and not mine.shared
    sam = Client()
    sam.force_login(member)
    assert sam.get(PAGE).status_code == 200
