"""Sharing a check-up's five sign scores with a partner, and withdrawing that share."""

from django.urls import reverse

from attune.couples.models import Share
from tests.couples.helpers import answers, finished


def test_it_shares_a_finished_check_up_and_tells_the_partner_neutrally(
    owner_client, owner, linked, mailoutbox
):
    checkup = finished(owner)
    url = reverse("couples-share", args=[checkup.code])
    response = owner_client.post(url, {"action": "share"}, follow=True)
    assert "You share the five sign scores of this check-up with" in response.content.decode()
    assert Share.objects.filter(checkup=checkup, withdrawn_at__isnull=True).exists()
    (mail,) = mailoutbox
    assert mail.to == ["member@example.org"]
    assert mail.subject == "There is something new for you in Attune"


def test_it_withdraws_a_share_at_once(owner_client, owner, linked):
    checkup = finished(owner)
    url = reverse("couples-share", args=[checkup.code])
    owner_client.post(url, {"action": "share"})
    response = owner_client.post(url, {"action": "withdraw"}, follow=True)
    assert "This check-up is private again." in response.content.decode()
    assert not Share.objects.filter(withdrawn_at__isnull=True).exists()


def test_it_shares_one_check_up_at_a_time(owner_client, owner, linked):
    first, second = finished(owner), finished(owner)
    owner_client.post(reverse("couples-share", args=[first.code]), {"action": "share"})
    owner_client.post(reverse("couples-share", args=[second.code]), {"action": "share"})
    live = Share.objects.filter(withdrawn_at__isnull=True)
    assert [s.checkup for s in live] == [second]


def test_it_explains_that_sharing_needs_a_partner(owner_client, owner):
    checkup = finished(owner)
    page = owner_client.get(reverse("couples-share", args=[checkup.code])).content.decode()
    assert "You are not linked with a partner" in page
    refused = owner_client.post(reverse("couples-share", args=[checkup.code]), {"action": "share"})
    assert refused.status_code == 400 and not Share.objects.exists()


def test_it_keeps_a_check_up_with_a_positive_screen_private(owner_client, owner, linked):
    checkup = finished(owner, answers(abuse=True))
    url = reverse("couples-share", args=[checkup.code])
    page = owner_client.get(url).content.decode()
    assert "This check-up stays private to you." in page and "Share the five" not in page
    refused = owner_client.post(url, {"action": "share"})
    assert refused.status_code == 400 and not Share.objects.exists()


def test_it_re_shows_an_unknown_action_with_a_400(owner_client, owner, linked):
    checkup = finished(owner)
    response = owner_client.post(reverse("couples-share", args=[checkup.code]), {"action": "x"})
    assert response.status_code == 400 and not Share.objects.exists()


def test_it_offers_sharing_from_the_check_up_report(owner_client, owner):
    checkup = finished(owner)
    page = owner_client.get(reverse("checkups-report", args=[checkup.code])).content.decode()
    assert reverse("couples-share", args=[checkup.code]) in page


def test_it_leaves_only_a_quiet_private_note_on_a_report_with_a_positive_screen(
    owner_client, owner
):
    checkup = finished(owner, answers(abuse=True))
    page = owner_client.get(reverse("checkups-report", args=[checkup.code])).content.decode()
    assert reverse("couples-share", args=[checkup.code]) not in page
    assert "This report is private to you." in page


def test_it_adds_no_query_to_the_check_up_report(owner, django_assert_num_queries):
    from django.template.loader import render_to_string

    checkup = finished(owner)
    with django_assert_num_queries(0):
        html = render_to_string("couples/_share.html", {"checkup": checkup})
    assert reverse("couples-share", args=[checkup.code]) in html
