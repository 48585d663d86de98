"""What ends access a partner or a program had: API tokens die with a password change (not
with a login); a positive safety answer part-way through a check-up withdraws shares for good;
deleting an account reads to the partner exactly like an unlink."""

from django.urls import reverse

from attune.api.models import ApiToken
from attune.checkups.models import Checkup
from attune.couples.models import Link, Share
from tests.checkups.helpers import CHECKUP, section_of, section_post
from tests.conftest import PASSWORD
from tests.couples.helpers import finished


def test_it_revokes_api_tokens_when_the_password_changes(owner):
    ApiToken.objects.create(user=owner, token_hash="x" * 64)
    owner.set_password("another long passphrase")
    owner.save()
    assert not ApiToken.objects.filter(user=owner).exists()


def test_a_login_does_not_revoke_tokens(owner):
    ApiToken.objects.create(user=owner, token_hash="y" * 64)
    owner.display_name = "New name"
    owner.save()
    assert ApiToken.objects.filter(user=owner).exists()


def test_a_positive_safety_answer_mid_checkup_withdraws_shares_for_good(client, owner, member):
    link = Link.objects.create(first=owner, second=member)
    shared = finished(owner)
    Share.objects.create(checkup=shared, link=link)
    client.force_login(owner)
    client.post(reverse("checkups-start"))
    current = Checkup.objects.filter(user=owner, finished_at__isnull=True).get()
    number = section_of("abuse_neglect")
    for n in range(1, number):
        client.post(reverse("checkups-section", args=[current.code, n]), section_post(n))
    flagged = next(i for i in CHECKUP.items_for("abuse_neglect") if i.flag_at is not None)
    client.post(
        reverse("checkups-section", args=[current.code, number]),
        section_post(number, **{flagged.id: flagged.flag_at}),
    )
    assert not Share.objects.filter(withdrawn_at__isnull=True).exists()
    # A later safe check-up does not bring the old share back.
    finished(owner)
    assert not Share.objects.filter(withdrawn_at__isnull=True).exists()


def test_deleting_an_account_tells_the_partner_as_an_unlink_does(client, owner, member, mailoutbox):
    Link.objects.create(first=owner, second=member)
    client.force_login(owner)
    client.post(reverse("privacy-delete"), {"password": PASSWORD})
    assert [m.to for m in mailoutbox] == [[member.email]]
