"""GET and POST /account/signup/: create an account, log in, go home; refused input re-shown."""

import pytest
from django.urls import reverse

from attune.accounts.models import User
from tests.accounts.pages import (
    MAX_QUERIES,
    at_most_statements,
    has_quick_exit,
    is_logged_in,
    text,
    title,
)

URL = reverse("accounts-signup")
GOOD = {
    "email": "New.Person@Example.org",
    "password1": "river lantern quietly",
    "password2": "river lantern quietly",
    "display_name": "Kai",
    "country": "NZ",
}


def test_it_shows_the_form_with_the_help_line_countries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    assert title(response) == "Create an account · Attune"
    page = text(response)
    assert '<option value="NZ">New Zealand</option>' in page
    assert '<option value="" selected>Somewhere else</option>' in page
    assert has_quick_exit(response)


def test_it_creates_an_account_logs_in_and_goes_home(client):
    with at_most_statements(MAX_QUERIES):
        response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response.url == reverse("web-home")
    user = User.objects.get()
    assert user.email == "new.person@example.org"
    assert user.display_name == "Kai"
    assert user.country == "NZ"
    assert user.check_password("river lantern quietly")
    assert is_logged_in(client)
    home = text(client.get(response.url))
    assert "Your account is ready" in home
    assert "Log out" in home


def test_it_takes_somewhere_else_as_the_international_lines(client):
    client.post(URL, {**GOOD, "country": ""})
    assert User.objects.get().country == ""


def test_it_sends_a_signed_in_person_home(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("web-home")


@pytest.mark.parametrize(
    "change, field, message",
    [
        (
            {"password1": "short pw", "password2": "short pw"},
            "password1",
            "Your password needs at least 10",
        ),
        (
            {"password1": "password123", "password2": "password123"},
            "password1",
            "That password is very common, so it is easy to guess",
        ),
        ({"password2": "a different passphrase"}, "password2", "The two passwords do not match"),
        ({"email": "not-an-address"}, "email", "Enter an e-mail address like name@example.com"),
        ({"email": ""}, "email", "Enter your e-mail address"),
        ({"password1": "", "password2": ""}, "password1", "Create a password"),
    ],
)
def test_it_reshows_refused_input_with_a_message_and_keeps_the_values(
    client, change, field, message
):
    response = client.post(URL, {**GOOD, **change})
    assert response.status_code == 400
    assert title(response).startswith("Error: ")
    page = text(response)
    assert 'class="error-summary"' in page
    assert f'<a href="#id_{field}">{message}' in page
    assert 'value="Kai"' in page
    assert '<option value="NZ" selected>' in page
    if field != "email":
        assert f'value="{GOOD["email"]}"' in page
    for password in ("river lantern quietly", "short pw", "password123"):
        assert f'value="{password}"' not in page
    assert not User.objects.exists()
    assert not is_logged_in(client)


def test_it_says_an_address_already_has_an_account_and_how_to_get_in(client, owner):
    response = client.post(URL, {**GOOD, "email": "Owner@Example.ORG"})
    assert response.status_code == 400
    page = text(response)
    assert "An account with this e-mail already exists. Log in or reset your password." in page
    assert f'href="{reverse("accounts-password-reset")}"' in page
    assert User.objects.filter(email__iexact="owner@example.org").count() == 1
    assert (
        User.objects.get(email="owner@example.org").check_password("river lantern quietly") is False
    )


def test_it_refuses_a_password_too_like_the_email(client):
    data = {**GOOD, "email": "riverlantern@example.org"}
    data["password1"] = data["password2"] = "riverlantern"
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "too like your e-mail address" in text(response)


def test_it_returns_to_a_safe_next_page_after_signing_up(client, db):
    from django.urls import reverse

    data = {
        "email": "newcomer@example.org",
        "password1": "a long and private passphrase",
        "password2": "a long and private passphrase",
        "display_name": "",
        "country": "GB",
    }
    url = reverse("accounts-signup") + "?next=/couple/"
    page = client.get(url).content.decode()
    assert 'name="next" value="/couple/"' in page
    response = client.post(url, {**data, "next": "/couple/"})
    assert response.status_code == 302 and response.url == "/couple/"


def test_it_ignores_a_next_page_on_another_site(client, db):
    from django.urls import reverse

    data = {
        "email": "elsewhere@example.org",
        "password1": "a long and private passphrase",
        "password2": "a long and private passphrase",
        "display_name": "",
        "country": "",
        "next": "https://evil.example/",
    }
    response = client.post(reverse("accounts-signup"), data)
    assert response.status_code == 302 and response.url == reverse("web-home")


def test_it_signs_in_the_same_signup_sent_again_a_moment_later(client, db):
    from django.test import Client

    assert client.post(URL, GOOD).status_code == 302
    again = Client()
    response = again.post(URL, GOOD)
    assert response.status_code == 302
    assert is_logged_in(again)
    assert User.objects.filter(email__iexact=GOOD["email"]).count() == 1


def test_it_never_signs_in_another_password_for_an_account_just_made(client, db):
    from django.test import Client

    assert client.post(URL, GOOD).status_code == 302
    stranger = Client()
    other = "a different long passphrase"
    response = stranger.post(URL, {**GOOD, "password1": other, "password2": other})
    assert response.status_code == 400
    assert "An account with this e-mail already exists" in text(response)
    assert not is_logged_in(stranger)


def test_it_never_signs_in_to_an_older_account_from_the_signup_form(client, owner):
    from datetime import timedelta

    from django.utils import timezone

    from tests.conftest import PASSWORD

    User.objects.filter(pk=owner.pk).update(date_joined=timezone.now() - timedelta(minutes=2))
    response = client.post(
        URL, {**GOOD, "email": owner.email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert not is_logged_in(client)
