"""Opening an invitation link: a GET only shows it; a POST links; every dead end is a clear page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.couples.models import Invitation, Link
from tests.conftest import PASSWORD


@pytest.fixture
def invitation(owner):
    made, token = Invitation.issue(owner)
    return made, reverse("couples-join", args=[token])


def test_it_shows_who_invites_and_what_is_never_shared_without_linking(member_client, invitation):
    _, url = invitation
    response = member_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Robin invites you" in page and "What is never shared" in page
    assert not Link.objects.exists()


def test_it_links_the_two_people_on_post_and_uses_the_invitation_up(
    member_client, owner, member, invitation
):
    made, url = invitation
    response = member_client.post(url)
    assert response.status_code == 302 and response.url == reverse("couples-home")
    link = Link.objects.get()
    assert {link.first, link.second} == {owner, member} and link.active
    made.refresh_from_db()
    assert made.used_at is not None


def test_it_offers_someone_without_an_account_to_sign_up_or_log_in_and_come_back(
    client, db, invitation
):
    _, url = invitation
    page = client.get(url).content.decode()
    assert f"{reverse('accounts-signup')}?next={url}" in page
    assert f"{reverse('accounts-login')}?next={url}" in page


def test_it_brings_someone_back_to_the_invitation_after_logging_in(client, member, invitation):
    _, url = invitation
    login = client.get(f"{reverse('accounts-login')}?next={url}")
    assert login.status_code == 200
    response = client.post(
        f"{reverse('accounts-login')}?next={url}",
        {"username": member.email, "password": PASSWORD, "next": url},
    )
    assert response.status_code == 302 and response.url == url


def test_it_sends_an_anonymous_post_to_log_in_without_linking(client, db, invitation):
    _, url = invitation
    response = client.post(url)
    assert response.status_code == 302 and reverse("accounts-login") in response.url
    assert not Link.objects.exists()


def _expire(made):
    made.expires_at = timezone.now() - timedelta(seconds=1)
    made.save()


def _use(made):
    made.used_at = timezone.now()
    made.save()


def _cancel(made):
    made.cancelled_at = timezone.now()
    made.save()


@pytest.mark.parametrize(
    ("spoil", "status", "words"),
    [
        (_expire, 410, "has expired"),
        (_use, 410, "already been used"),
        (_cancel, 410, "was withdrawn"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_explains_a_link_that_no_longer_works(
    member_client, invitation, spoil, status, words, method
):
    made, url = invitation
    spoil(made)
    response = getattr(member_client, method)(url)
    assert response.status_code == status
    assert words in response.content.decode()
    assert not Link.objects.exists()


def test_it_refuses_a_link_used_twice(member_client, outsider, client, invitation):
    _, url = invitation
    assert member_client.post(url).status_code == 302
    client.force_login(outsider)
    response = client.post(url)
    assert response.status_code == 410 and "already been used" in response.content.decode()
    assert Link.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_says_a_tampered_link_does_not_work(member_client, invitation, method):
    _, url = invitation
    tampered = url.rstrip("/")[:-3] + "abc/"
    response = getattr(member_client, method)(tampered)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_it_tells_the_inviter_that_the_link_is_their_own(owner_client, invitation):
    _, url = invitation
    shown = owner_client.get(url)
    assert shown.status_code == 200 and "your own invitation" in shown.content.decode()
    refused = owner_client.post(url)
    assert refused.status_code == 400 and not Link.objects.exists()


def test_it_refuses_someone_already_linked_with_another_partner(
    outsider, client, owner, member, invitation
):
    from tests.couples.helpers import link

    link(member, outsider)
    _, url = invitation
    client.force_login(member)
    response = client.post(url)
    assert response.status_code == 400
    assert "already linked" in response.content.decode()
    assert Link.objects.count() == 1


def test_it_withdraws_the_other_open_invitations_of_both_once_linked(
    member_client, owner, member, invitation
):
    other, _ = Invitation.issue(owner)
    theirs, _ = Invitation.issue(member)
    member_client.post(invitation[1])
    assert not Invitation.objects.pending().filter(pk__in=[other.pk, theirs.pk]).exists()


def test_every_way_an_invitation_can_fail_has_its_own_page_words():
    """A refusal the rules can give for a link but the page has no words for would be an error
    page; the two refusals of sharing are explained on the share page instead."""
    from attune.couples.sharing import Refusal
    from attune.couples.views import INVITATION_PROBLEMS

    sharing_only = {Refusal.NOT_LINKED, Refusal.NOT_SHAREABLE}
    assert set(INVITATION_PROBLEMS) == set(Refusal) - sharing_only
    titles = [title for _, title, _ in INVITATION_PROBLEMS.values()]
    assert len(set(titles)) == len(titles)
