"""GET and POST /account/signup/: the same answer for every address, a link to open the account,
throttled; refused input re-shown."""

import re

import pytest
from django.core import mail
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
from tests.conftest import PASSWORD

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


def link_in(message) -> str:
    found = re.search(r"https?://[^/\s]+(/account/signup/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def sign_up(client, data=None, mailoutbox=None):
    response = client.post(URL, data or GOOD)
    assert response.status_code == 302 and response.url == reverse("accounts-signup-sent")
    return response


def test_it_sends_a_link_and_opens_the_account_with_the_password(client, mailoutbox):
    with at_most_statements(MAX_QUERIES):
        response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response.url == reverse("accounts-signup-sent")
    assert not is_logged_in(client)
    user = User.objects.get()
    assert (user.email, user.display_name, user.country) == ("new.person@example.org", "Kai", "NZ")
    assert not user.is_active
    assert "Check your e-mail" in text(client.get(response.url))
    [message] = mailoutbox
    assert message.to == ["new.person@example.org"]
    assert message.subject == "Confirm your e-mail address"
    link = link_in(message)
    asked = client.get(link)
    assert asked.status_code == 200 and 'name="password"' in text(asked)
    assert not User.objects.get().is_active  # opening the link alone does nothing
    wrong = client.post(link, {"password": "not the one"})
    assert wrong.status_code == 400 and not is_logged_in(client)
    done = client.post(link, {"password": "river lantern quietly"})
    assert done.status_code == 302 and done.url == reverse("web-home")
    assert User.objects.get().is_active and is_logged_in(client)
    home = text(client.get(done.url))
    assert "Your account is ready" in home and "Log out" in home
    assert client.get(link).status_code == 404  # the link is spent


def test_it_answers_a_known_address_exactly_as_a_new_one_and_e_mails_it(client, owner, mailoutbox):
    from django.test import Client

    new = Client().post(URL, GOOD)
    known = Client().post(URL, {**GOOD, "email": "Owner@Example.ORG"})
    assert (known.status_code, known.url, known.content) == (new.status_code, new.url, new.content)
    assert User.objects.filter(email__iexact="owner@example.org").count() == 1
    assert User.objects.get(email="owner@example.org").check_password(PASSWORD)
    told = [m for m in mailoutbox if m.to == ["owner@example.org"]]
    assert [m.subject for m in told] == ["About your Attune account"]
    assert "already has one" in told[0].body and "/account/password/reset/" in told[0].body
    assert "/account/signup/confirm/" not in told[0].body


def test_it_throttles_sign_ups_from_one_network_whatever_the_address(client, owner, settings):
    settings.ATTUNE_SIGNUP_LIMIT = 3
    answers = [
        client.post(URL, {**GOOD, "email": email}).status_code
        for email in ("a@example.org", "owner@example.org", "b@example.org", "c@example.org")
    ]
    assert answers == [302, 302, 302, 429]
    assert "Please wait" in text(client.post(URL, {**GOOD, "email": "owner@example.org"}))


def test_it_e_mails_one_address_only_so_often_whichever_network_asks(owner, settings, mailoutbox):
    from django.test import Client

    settings.ATTUNE_SIGNUP_LIMIT = 3
    answers = {
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(URL, {**GOOD, "email": "owner@example.org"}).url
        for n in range(5)
    }
    assert answers == {reverse("accounts-signup-sent")}
    assert len([m for m in mailoutbox if m.to == ["owner@example.org"]]) == 3


def test_signing_up_again_before_opening_replaces_the_password(client, mailoutbox):
    sign_up(client)
    sign_up(
        client, {**GOOD, "password1": "another long phrase", "password2": "another long phrase"}
    )
    assert User.objects.count() == 1
    link = link_in(mailoutbox[-1])
    assert client.post(link, {"password": "river lantern quietly"}).status_code == 400
    assert client.post(link, {"password": "another long phrase"}).status_code == 302


def test_a_broken_link_opens_nothing(client, db):
    response = client.get(reverse("accounts-signup-confirm", args=["not-a-link"]))
    assert response.status_code == 404 and "This link does not work" in text(response)


def test_it_takes_somewhere_else_as_the_international_lines(client, mailoutbox):
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
    client.post(url, {**data, "next": "/couple/"})
    response = client.post(link_in(mail.outbox[-1]), {"password": data["password1"]})
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
    client.post(reverse("accounts-signup"), data)
    response = client.post(link_in(mail.outbox[-1]), {"password": data["password1"]})
    assert response.status_code == 302 and response.url == reverse("web-home")


def test_the_same_sign_up_sent_twice_makes_one_account_and_answers_alike(client, db):
    from django.test import Client

    first = client.post(URL, GOOD)
    again = Client().post(URL, GOOD)
    assert (first.status_code, first.url) == (again.status_code, again.url)
    assert User.objects.count() == 1
