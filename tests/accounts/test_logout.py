"""POST /account/logout/: logs out and goes home; a GET changes nothing."""

from django.test import Client
from django.urls import reverse

from tests.accounts.pages import is_logged_in, text

URL = reverse("accounts-logout")


def test_it_logs_out_and_says_so(owner_client):
    response = owner_client.post(URL)
    assert response.status_code == 302
    assert response.url == reverse("web-home")
    assert not is_logged_in(owner_client)
    home = text(owner_client.get(response.url))
    assert "You have logged out." in home
    assert "Log in</a>" in home


def test_it_does_not_log_out_on_a_get(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 405
    assert is_logged_in(owner_client)


def test_it_needs_the_csrf_token(owner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post(URL).status_code == 403
    assert is_logged_in(strict)
