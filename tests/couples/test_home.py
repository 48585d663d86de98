"""The partner page: who you are linked with, what each of you shares, and the way out."""

from django.urls import reverse

from tests.couples.helpers import answers, finished, share


def test_it_shows_the_partner_and_that_nothing_is_shared_yet(owner_client, linked):
    page = owner_client.get(reverse("couples-home")).content.decode()
    assert "You are linked with <strong>Sam</strong>" in page
    assert "Sam has not shared a check-up yet." in page
    assert reverse("couples-unlink", args=[linked.code]) in page
    assert reverse("couples-report", args=[linked.code]) not in page


def test_it_links_the_couple_report_once_both_have_shared(owner_client, owner, member, linked):
    share(finished(owner), linked)
    share(finished(member), linked)
    page = owner_client.get(reverse("couples-home")).content.decode()
    assert "Sam shares the five sign scores of a check-up." in page
    assert reverse("couples-report", args=[linked.code]) in page


def test_it_stays_within_ten_queries(
    owner_client, owner, member, linked, django_assert_max_num_queries
):
    share(finished(owner), linked)
    share(finished(member), linked)
    with django_assert_max_num_queries(10):
        assert owner_client.get(reverse("couples-home")).status_code == 200


def test_it_gives_someone_whose_screen_is_positive_a_private_way_out(owner_client, owner, linked):
    finished(owner, answers(abuse=True))
    page = owner_client.get(reverse("couples-home")).content.decode()
    assert "Just for you" in page and reverse("safety-plan") in page
    assert "Stop sharing and unlink" in page
    assert f'action="{reverse("couples-unlink", args=[linked.code])}"' in page
    # No couple suggestion, and no sharing control, while it is so.
    assert "When you have both shared" not in page and "What you share" not in page


def test_it_asks_anonymous_people_to_log_in(client, db):
    response = client.get(reverse("couples-home"))
    assert response.status_code == 302 and reverse("accounts-login") in response.url


def test_it_is_linked_from_settings(owner_client):
    page = owner_client.get(reverse("accounts-settings")).content.decode()
    assert f'href="{reverse("couples-home")}">Partner and sharing' in page
