"""A positive screen withdraws a person's shared check-ins for good, and turns sharing off."""

from django.test import Client

from attune.checkins.models import Checkin
from tests.checkins.helpers import HOME, PAGE, make_checkin, post_data, protect
from tests.couples.helpers import answers, finished


def test_a_positive_screen_withdraws_every_shared_check_in(owner, member, linked):
    make_checkin(owner, share_need=True, share_stress=True, shared_link=linked)
    protect(owner)
    saved = Checkin.objects.get(user=owner)
    assert (saved.share_need, saved.share_stress, saved.shared_link) == (False, False, None)


def test_nothing_reappears_after_a_later_calm_check_up(owner, member, linked, member_client):
    make_checkin(owner, share_need=True, shared_link=linked)
    protect(owner)
    finished(owner, answers())
    assert "Robin would like" not in member_client.get(HOME).content.decode()


def test_a_partly_answered_check_up_with_a_positive_screen_withdraws_too(owner, linked):
    from attune.checkups.models import Checkup
    from attune.checkups.signals import checkup_saved
    from tests.checkups.helpers import CHECKUP

    make_checkin(owner, share_need=True, shared_link=linked)
    item = next(i for i in CHECKUP.items_for("abuse_neglect") if i.flag_at is not None)
    partial = Checkup.objects.create(
        user=owner, instrument_version=CHECKUP.version, answers={item.id: item.flag_at}
    )
    checkup_saved.send(sender=Checkup, checkup=partial)
    assert not Checkin.objects.get(user=owner).share_need


def test_a_calm_check_up_withdraws_nothing(owner, linked):
    make_checkin(owner, share_need=True, shared_link=linked)
    from attune.checkups.models import Checkup
    from attune.checkups.signals import checkup_saved

    checkup_saved.send(sender=Checkup, checkup=finished(owner, answers()))
    assert Checkin.objects.get(user=owner).share_need


def test_a_protected_person_is_not_offered_sharing_and_sees_why_privately(
    owner_client, owner, linked
):
    protect(owner)
    page = owner_client.get(PAGE).content.decode()
    assert "Let my partner see" not in page
    assert "Just for you" in page
    owner_client.post(PAGE, post_data(share_need="on", share_stress="on"))
    saved = Checkin.objects.get(user=owner)
    assert not saved.share_need and not saved.share_stress and saved.shared_link is None


def test_other_people_keep_their_shares(owner, member, linked):
    make_checkin(member, share_need=True, shared_link=linked)
    protect(owner)
    assert Checkin.objects.get(user=member).share_need
    robin = Client()
    robin.force_login(owner)
    # The protected person themself is not asked for anything either.
    assert "Sam would like" not in robin.get(HOME).content.decode()
