"""The password reset family: ask for a link, get a neutral e-mail, follow it, set a password."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.pages import MAX_QUERIES, has_quick_exit, is_logged_in, text, title
from tests.conftest import PASSWORD

URL = reverse("accounts-password-reset")
NEW = "copper kettle morning song"


def ask_for_link(client, email="owner@example.org"):
    return client.post(URL, {"email": email})


def link_in(message) -> str:
    found = re.search(r"https?://[^/\s]+(/account/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_it_asks_for_the_address(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    assert title(response) == "Reset your password · Attune"
    assert '<label for="id_email">E-mail address</label>' in text(response)
    assert has_quick_exit(response)


def test_it_sends_one_email_with_a_link(client, owner, mailoutbox, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = ask_for_link(client, "Owner@Example.org")
    assert response.status_code == 302
    assert response.url == reverse("accounts-password-reset-done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["owner@example.org"]
    assert message.subject == "Your password reset link"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    path = link_in(message)
    assert f'href="{settings.ATTUNE_BASE_URL}{path}"' in html


def test_its_link_follows_the_configured_address_not_the_host_asked_for(client, owner, mailoutbox):
    client.post(URL, {"email": "owner@example.org"}, HTTP_HOST="localhost:9999")
    message = mailoutbox[0]
    assert "9999" not in message.body and "9999" not in message.alternatives[0][0]
    assert f"{settings.ATTUNE_BASE_URL}{link_in(message)}" in message.body


def test_its_link_names_the_person_by_their_public_code_not_their_id(client, owner, mailoutbox):
    ask_for_link(client)
    uid = link_in(mailoutbox[0]).split("/")[-3]
    assert uid == owner.code
    assert uid != urlsafe_base64_encode(force_bytes(owner.pk))


def test_it_shows_the_same_page_for_an_address_without_an_account(
    client, owner, mailoutbox, django_assert_max_num_queries
):
    known = ask_for_link(client, "owner@example.org")
    unknown = ask_for_link(client, "nobody@example.org")
    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url
    assert len(mailoutbox) == 1
    with django_assert_max_num_queries(MAX_QUERIES):
        done = client.get(unknown.url)
    assert "If that address has an account" in text(done)
    assert has_quick_exit(done)


@pytest.mark.parametrize("word", ["check-up", "checkup", "score", "partner", "relationship"])
def test_it_sends_an_email_that_says_nothing_about_what_the_site_is_for(
    client, owner, mailoutbox, word
):
    ask_for_link(client)
    message = mailoutbox[0]
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert word not in part.lower()


def test_it_lets_the_link_set_a_new_password_to_log_in_with(
    client, owner, mailoutbox, django_assert_max_num_queries
):
    ask_for_link(client)
    with django_assert_max_num_queries(MAX_QUERIES):
        opened = client.get(link_in(mailoutbox[0]))
    assert opened.status_code == 302
    form_url = opened.url
    with django_assert_max_num_queries(MAX_QUERIES):
        form = client.get(form_url)
    assert form.status_code == 200
    assert title(form) == "Choose a new password · Attune"
    assert has_quick_exit(form)

    saved = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert saved.status_code == 302
    assert saved.url == reverse("accounts-password-reset-complete")
    with django_assert_max_num_queries(MAX_QUERIES):
        complete = client.get(saved.url)
    assert "Your password is changed" in text(complete)
    assert has_quick_exit(complete)

    login = reverse("accounts-login")
    assert client.post(login, {"username": owner.email, "password": PASSWORD}).status_code == 400
    assert client.post(login, {"username": owner.email, "password": NEW}).status_code == 302
    assert is_logged_in(client)


def test_it_lets_a_link_work_only_once(client, owner, mailoutbox):
    ask_for_link(client)
    path = link_in(mailoutbox[0])
    form_url = client.get(path).url
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    again = client.get(path)
    assert "This link does not work" in text(again)


def test_it_refuses_a_weak_new_password(client, owner, mailoutbox):
    ask_for_link(client)
    form_url = client.get(link_in(mailoutbox[0])).url
    response = client.post(form_url, {"new_password1": "qwertyuiop", "new_password2": "qwertyuiop"})
    assert response.status_code == 400
    assert '<a href="#id_new_password1">That password is very common' in text(response)
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_it_shows_a_clear_page_for_a_tampered_link(client, owner, mailoutbox):
    ask_for_link(client)
    path = link_in(mailoutbox[0])
    tampered = path[:-3] + ("a" if path[-3] != "a" else "b") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 200
    assert title(response) == "This link does not work · Attune"
    assert f'href="{URL}"' in text(response)
    assert has_quick_exit(response)


def test_it_shows_a_clear_page_for_a_made_up_person(client, db):
    response = client.get("/account/password/reset/bm90LWEtdXNlcg/abc-123/")
    assert response.status_code == 200
    assert "This link does not work" in text(response)
