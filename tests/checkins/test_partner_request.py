"""What the partner sees of a shared check-in, on their home page and their own check-in page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from attune.checkins.models import Checkin
from attune.progress.models import ProgressSettings
from tests.checkins.helpers import HOME, PAGE, make_checkin, post_data, protect
from tests.conftest import make_person
from tests.couples.helpers import link


def shared(checkin_link, user, **fields):
    fields.setdefault("share_need", True)
    return make_checkin(user, shared_link=checkin_link, **fields)


def test_the_partner_sees_the_shared_need_on_their_home_page(owner_client, owner, member, linked):
    sam = Client()
    sam.force_login(member)
    owner_client.post(PAGE, post_data(needs=["closeness"], share_need="on"))
    page = sam.get(HOME).content.decode()
    assert "Robin would like some closeness today." in page
    assert "out of 10" not in page


def test_several_needs_read_as_one_sentence(member_client, owner, linked):
    shared(linked, owner, needs=["listen", "help", "closeness"])
    page = member_client.get(HOME).content.decode()
    assert (
        "Robin would like to be listened to, some practical help and some closeness today." in page
    )


def test_not_sure_is_said_kindly(member_client, owner, linked):
    shared(linked, owner, needs=[])
    page = member_client.get(HOME).content.decode()
    assert "Robin checked in today and is not sure yet what would help." in page


def test_the_stress_number_shows_only_when_shared_too(member_client, owner, linked):
    checkin = shared(linked, owner, stress=8)
    assert "8 out of 10" not in member_client.get(HOME).content.decode()
    checkin.share_stress = True
    checkin.save()
    assert "Their stress today: 8 out of 10." in member_client.get(HOME).content.decode()


def test_the_stress_number_alone_can_be_shared(member_client, owner, linked):
    shared(linked, owner, stress=3, share_need=False, share_stress=True, needs=["space"])
    page = member_client.get(HOME).content.decode()
    assert "Robin checked in today." in page
    assert "Their stress today: 3 out of 10." in page
    assert "some space" not in page


def test_a_plain_line_shows_with_the_need(member_client, owner, linked):
    shared(linked, owner, note="Rough meeting, a hug later please")
    assert "Rough meeting, a hug later please" in member_client.get(HOME).content.decode()


def test_a_line_the_screen_flagged_never_shows_and_leaves_no_hint(member_client, owner, linked):
    plain = shared(linked, owner, note="")
    without = member_client.get(HOME).content.decode()
    plain.delete()
    shared(linked, owner, note="I would never hurt myself, but some nights are long.", tier=1)
    flagged = member_client.get(HOME).content.decode()
    assert "some nights" not in flagged
    assert flagged.replace(*_tokens(flagged, without)) == without


def _tokens(a: str, b: str) -> tuple[str, str]:
    import re

    find = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    return find.search(a).group(1), find.search(b).group(1)


@pytest.mark.parametrize("tier", [1, 2])
def test_a_flagged_line_never_shows_even_when_shared(member_client, owner, linked, tier):
    shared(linked, owner, note="Everything feels too much", tier=tier)
    page = member_client.get(HOME).content.decode()
    assert "Robin would like some closeness today." in page
    assert "too much" not in page


def test_nothing_shows_when_the_person_did_not_share(member_client, owner, linked):
    make_checkin(owner, note="Just for me")
    page = member_client.get(HOME).content.decode()
    assert "Robin would like" not in page and "Just for me" not in page


def test_yesterdays_request_is_gone_today(member_client, owner, linked):
    shared(linked, owner, day=timezone.now().date() - timedelta(days=1))
    assert "Robin would like" not in member_client.get(HOME).content.decode()


def test_today_is_the_sharers_own_day(member_client, owner, linked):
    # Far ahead of UTC their today may already be UTC's tomorrow, and it still shows.
    ProgressSettings.objects.create(user=owner, time_zone="Pacific/Kiritimati")
    from attune.checkins.models import local_day

    shared(linked, owner, day=local_day("Pacific/Kiritimati"))
    assert "Robin would like some closeness today." in member_client.get(HOME).content.decode()


def test_the_sharer_does_not_see_their_own_request_as_a_partners(owner_client, owner, linked):
    shared(linked, owner)
    assert "Robin would like" not in owner_client.get(HOME).content.decode()


def test_a_former_partner_sees_nothing(client, owner, former):
    old = link(owner, former)
    shared(old, owner)
    old.ended_at = timezone.now()
    old.save()
    client.force_login(former)
    assert "Robin would like" not in client.get(HOME).content.decode()


def test_a_new_partner_does_not_see_what_was_shared_with_an_earlier_one(client, owner, former):
    old = link(owner, former)
    shared(old, owner)
    old.ended_at = timezone.now()
    old.save()
    newcomer = make_person("new@example.org", display_name="Kai")
    link(owner, newcomer)
    client.force_login(newcomer)
    assert "Robin would like" not in client.get(HOME).content.decode()


def test_a_stranger_sees_nothing(outsider_client, owner, linked):
    shared(linked, owner, note="Tea later?")
    page = outsider_client.get(HOME).content.decode()
    assert "Robin would like" not in page and "Tea later?" not in page


def test_a_protected_viewer_is_not_asked_for_anything(member_client, owner, member, linked):
    shared(linked, owner)
    protect(member)
    assert "Robin would like" not in member_client.get(HOME).content.decode()
    assert "Robin would like" not in member_client.get(PAGE).content.decode()


def test_the_partner_sees_it_on_their_own_check_in_page_too(member_client, owner, linked):
    shared(linked, owner, needs=["space"])
    assert "Robin would like some space today." in member_client.get(PAGE).content.decode()


def test_the_home_page_links_to_the_check_in(owner_client):
    assert f'href="{PAGE}"' in owner_client.get(HOME).content.decode()


def test_unticking_the_choice_takes_it_back_at_once(owner_client, member, linked, owner):
    sam = Client()
    sam.force_login(member)
    owner_client.post(PAGE, post_data(share_need="on"))
    assert "Robin would like" in sam.get(HOME).content.decode()
    owner_client.post(PAGE, post_data())
    assert "Robin would like" not in sam.get(HOME).content.decode()
    assert Checkin.objects.get(user=owner).shared_link is None


def test_the_home_page_stays_within_ten_queries(
    member_client, owner, linked, django_assert_max_num_queries
):
    shared(linked, owner, note="Home by six", share_stress=True)
    member_client.get("/privacy/")
    with django_assert_max_num_queries(10):
        page = member_client.get(HOME).content.decode()
    assert "Home by six" in page
