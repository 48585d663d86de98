"""Sessions read with the person in one query (attune.accounts.sessions and .backends)."""

from django.contrib import auth
from django.test import Client
from django.urls import reverse

from attune.accounts.backends import AccountBackend
from attune.accounts.models import Session, User
from attune.accounts.sessions import SessionStore
from tests.conftest import PASSWORD


def signed_in_request(rf, client):
    request = rf.get("/")
    request.session = SessionStore(client.session.session_key)
    return request


def test_the_session_and_the_person_come_in_one_query(
    owner, owner_client, rf, django_assert_num_queries
):
    request = signed_in_request(rf, owner_client)
    with django_assert_num_queries(1):
        assert auth.get_user(request) == owner


def test_the_person_read_with_a_session_is_used_once_only(
    owner, owner_client, rf, django_assert_num_queries
):
    auth.get_user(signed_in_request(rf, owner_client))
    User.objects.filter(pk=owner.pk).update(display_name="Robin B")
    with django_assert_num_queries(1):
        again = AccountBackend().get_user(owner.pk)
    assert again.display_name == "Robin B"


def test_a_session_names_its_person_and_an_anonymous_one_none(owner, owner_client, client):
    assert Session.objects.get(session_key=owner_client.session.session_key).user == owner
    anonymous = Client()
    anonymous.get(reverse("accounts-login"))
    session = anonymous.session
    session["discreet"] = True
    session.save()
    assert Session.objects.get(session_key=session.session_key).user is None


def test_a_new_password_elsewhere_still_signs_this_browser_out(owner, owner_client):
    assert owner_client.get(reverse("accounts-settings")).status_code == 200
    owner.set_password("a brand new long passphrase")
    owner.save()
    response = owner_client.get(reverse("accounts-settings"))
    assert response.status_code == 302 and reverse("accounts-login") in response["Location"]


def test_deleting_the_account_ends_its_sessions_on_every_device(owner, owner_client):
    phone = Client()
    phone.force_login(owner)
    assert Session.objects.filter(user=owner).count() == 2
    response = owner_client.post(reverse("privacy-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert Session.objects.filter(user_id=owner.pk).count() == 0
    assert phone.get(reverse("accounts-settings")).status_code == 302
