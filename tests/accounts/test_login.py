"""GET and POST /account/login/: e-mail and password; the same words for any refusal."""

import pytest
from django.urls import reverse

from tests.accounts.pages import (
    MAX_QUERIES,
    at_most_statements,
    has_quick_exit,
    is_logged_in,
    text,
    title,
)
from tests.conftest import PASSWORD

URL = reverse("accounts-login")
REFUSED = "That e-mail address and password do not match."


def test_it_asks_for_an_email_address(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    assert title(response) == "Log in · Attune"
    page = text(response)
    assert '<label for="id_username">E-mail address</label>' in page
    assert 'type="email" name="username"' in page
    assert f'href="{reverse("accounts-password-reset")}"' in page
    assert has_quick_exit(response)


@pytest.mark.parametrize("email", ["owner@example.org", " Owner@Example.ORG "])
def test_it_logs_in_and_goes_home(client, owner, email):
    with at_most_statements(MAX_QUERIES):
        response = client.post(URL, {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("web-home")
    assert int(client.session["_auth_user_id"]) == owner.pk


def test_it_goes_back_to_the_page_that_asked(client, owner):
    target = reverse("accounts-settings")
    response = client.post(f"{URL}?next={target}", {"username": owner.email, "password": PASSWORD})
    assert response.url == target


@pytest.mark.parametrize(
    "email, password", [("owner@example.org", "not the password"), ("nobody@example.org", PASSWORD)]
)
def test_it_refuses_with_the_same_words_whether_or_not_the_address_exists(
    client, owner, email, password
):
    response = client.post(URL, {"username": email, "password": password})
    assert response.status_code == 400
    page = text(response)
    assert REFUSED in page
    assert 'class="error-summary"' in page
    assert f'value="{email}"' in page
    assert password not in page
    assert not is_logged_in(client)


def test_it_asks_for_both_fields(client):
    page = text(client.post(URL, {"username": "", "password": ""}))
    assert '<a href="#id_username">Enter your e-mail address.</a>' in page
    assert '<a href="#id_password">Enter your password.</a>' in page


def test_it_shows_the_signed_in_links_once_logged_in(client, owner):
    client.post(URL, {"username": owner.email, "password": PASSWORD})
    page = text(client.get(reverse("web-home")))
    assert f'href="{reverse("checkups-history")}">Check-up</a>' in page
    assert f'href="{reverse("accounts-settings")}">Settings</a>' in page
    assert f'action="{reverse("accounts-logout")}"' in page
    assert f'href="{URL}">Log in</a>' not in page


def test_it_shows_log_in_and_sign_up_to_everyone_else(client, db):
    page = text(client.get(reverse("web-home")))
    assert f'href="{URL}">Log in</a>' in page
    assert f'href="{reverse("accounts-signup")}">Sign up</a>' in page
    assert "Log out" not in page
