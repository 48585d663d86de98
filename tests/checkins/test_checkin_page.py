"""The check-in page: today's form, one check-in a day, the last 14 days, crisis help first."""

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode

import time_machine
from django.utils import timezone

from attune.accounts.crypto import decrypt
from attune.checkins.models import Checkin
from attune.progress.models import ProgressSettings
from attune.safety.models import CareNotice
from tests.checkins.helpers import PAGE, is_checked, make_checkin, post_data


def test_it_asks_for_the_person_to_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_it_shows_a_scale_from_0_to_10_with_words_at_the_ends(owner_client):
    page = owner_client.get(PAGE).content.decode()
    assert "<legend" in page and "How stressed do you feel today?" in page
    for value in range(11):
        assert f'name="stress" value="{value}"' in page
    assert page.index("Calm") < page.index("Very stressed")
    for need in ("To be listened to", "Practical help", "Some space", "Some closeness"):
        assert need in page
    assert "Not sure? That is fine" in page


def test_it_offers_both_sharing_choices_unticked_to_a_linked_person(owner_client, linked):
    page = owner_client.get(PAGE).content.decode()
    assert "Let my partner see what I need today" in page
    assert "Also share my stress number" in page
    assert not is_checked(page, "share_need")
    assert not is_checked(page, "share_stress")


def test_it_saves_a_check_in_and_says_so(owner_client, owner):
    response = owner_client.post(PAGE, post_data(needs=["listen", "space"]), follow=True)
    assert response.status_code == 200
    assert "Your check-in for today is saved" in response.content.decode()
    saved = Checkin.objects.get(user=owner)
    assert saved.stress == 6
    assert saved.needs == ["listen", "space"]
    assert not saved.share_need and not saved.share_stress and saved.shared_link is None


def test_a_second_check_in_the_same_day_replaces_the_first(owner_client, owner):
    owner_client.post(PAGE, post_data(stress="8"))
    owner_client.post(PAGE, post_data(stress="3", needs=[]))
    assert Checkin.objects.filter(user=owner).count() == 1
    saved = Checkin.objects.get(user=owner)
    assert (saved.stress, saved.needs) == (3, [])
    page = owner_client.get(PAGE).content.decode()
    assert "You checked in today" in page
    assert is_checked(page, "stress", "3")
    assert not is_checked(page, "needs")


def test_the_line_is_stored_encrypted_and_filled_in_again(owner_client, owner):
    owner_client.post(PAGE, post_data(note="Long day at the clinic, tea would be lovely"))
    stored = bytes(Checkin.objects.get(user=owner).note)
    assert b"clinic" not in stored
    assert decrypt(owner.pk, stored) == "Long day at the clinic, tea would be lovely"
    assert (
        'value="Long day at the clinic, tea would be lovely"'
        in owner_client.get(PAGE).content.decode()
    )


def test_it_shows_the_last_14_days_only(owner_client, owner):
    today = timezone.now().date()
    make_checkin(owner, today - timedelta(days=13), stress=9)
    make_checkin(owner, today - timedelta(days=14), stress=2)
    page = owner_client.get(PAGE).content.decode()
    assert f"{(today - timedelta(days=13)):%a} {(today - timedelta(days=13)).day} " in page
    assert '<td class="num">9</td>' in page
    assert '<td class="num">2</td>' not in page


def test_the_day_is_the_persons_own_local_day(owner_client, owner):
    # 09:30 in UTC is still 23:30 the day before in Honolulu: the check-in is for that day.
    ProgressSettings.objects.create(user=owner, time_zone="Pacific/Honolulu")
    utc_today = timezone.now().date()
    at = datetime.combine(utc_today, time(9, 30), tzinfo=UTC)
    with time_machine.travel(at, tick=False):
        owner_client.post(PAGE, post_data())
    assert Checkin.objects.get(user=owner).day == utc_today - timedelta(days=1)


def test_without_a_partner_nothing_can_be_shared_even_if_sent(owner_client, owner):
    page = owner_client.get(PAGE).content.decode()
    assert "Let my partner see" not in page
    assert "link with a partner" in page
    owner_client.post(PAGE, post_data(share_need="on", share_stress="on"))
    saved = Checkin.objects.get(user=owner)
    assert not saved.share_need and not saved.share_stress


def test_a_line_with_crisis_language_shows_help_lines_first(owner_client, owner):
    response = owner_client.post(PAGE, post_data(note="I want to end my life. I can't go on."))
    assert response.status_code == 302
    saved = Checkin.objects.get(user=owner)
    asked = CareNotice.objects.get(user=owner, text_code=saved.code)
    assert response["Location"] == f"/help/question/{asked.code}/?" + urlencode({"next": PAGE})
    assert saved.note_tier == 2
    page = owner_client.get(response["Location"]).content.decode()
    assert page.index("Samaritans") < page.index("One private question")


def test_a_softly_worrying_line_gets_a_gentle_private_word(owner_client, owner):
    note = "I feel hopeless most days and I can't see it getting better."
    owner_client.post(PAGE, post_data(note=note))
    assert Checkin.objects.get(user=owner).note_tier == 1
    assert "Checking in with you" in owner_client.get(PAGE).content.decode()


def test_get_changes_nothing(owner_client, owner):
    owner_client.get(PAGE)
    assert not Checkin.objects.filter(user=owner).exists()
    assert not ProgressSettings.objects.filter(user=owner).exists()


def test_the_page_stays_within_ten_queries(
    owner_client, owner, member, linked, django_assert_max_num_queries
):
    today = timezone.now().date()
    for days in range(14):
        make_checkin(owner, today - timedelta(days=days), note="a line")
    make_checkin(member, note="Home late", share_need=True, share_stress=True, shared_link=linked)
    owner_client.get("/privacy/")
    with django_assert_max_num_queries(10):
        response = owner_client.get(PAGE)
    assert "Sam would like some closeness today." in response.content.decode()
    with django_assert_max_num_queries(10):
        owner_client.post(PAGE, post_data(share_need="on", note="Thank you"))
