"""A form sent in another encoding than UTF-8, or with bytes that are not UTF-8, is refused
with the form shown again and a plain message: never a server error, never stored altered."""

import re

import pytest
from django.test import Client

from attune.checkins.models import Checkin
from attune.toolkit.charset import API_REFUSED, REFUSED
from tests.conftest import PASSWORD

LATIN1 = "application/x-www-form-urlencoded; charset=latin-1"
FORM = "application/x-www-form-urlencoded"

# (page, what its form holds, whether it needs someone signed in)
PAGES = [
    ("/account/signup/", "email=caf%E9%40example.org&password1=x&password2=x", False),
    ("/account/login/", "username=caf%E9%40example.org&password=x", False),
    ("/newsletter/", "email=caf%E9%40example.org", False),
    ("/checkins/", "stress=4&note=caf%E9", True),
    ("/help/plan/", "warning_signs=caf%E9", True),
]


def browser(person=None) -> Client:
    """A client that checks CSRF tokens, as the real site does."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if person is not None:
        client.force_login(person)
    return client


def send(client: Client, path: str, body: str, content_type: str, encoding: str = "latin-1"):
    page = client.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = f"csrfmiddlewaretoken={token}&{body}".encode(encoding)
    return client.generic("POST", path, data, content_type=content_type)


def refused_with_the_form(response) -> bool:
    page = response.content.decode()
    return (
        response.status_code == 400
        and REFUSED in page
        and "<form" in page
        and 'name="csrfmiddlewaretoken"' in page
    )


@pytest.mark.parametrize(("path", "body", "signed_in"), PAGES)
def test_it_refuses_another_charset_with_the_form_and_a_message(owner, path, body, signed_in):
    client = browser(owner if signed_in else None)
    response = send(client, path, body, LATIN1)
    assert refused_with_the_form(response), (response.status_code, response.content[:300])


@pytest.mark.parametrize(("path", "body", "signed_in"), PAGES)
def test_it_refuses_bytes_that_are_not_utf8(owner, path, body, signed_in):
    client = browser(owner if signed_in else None)
    response = send(client, path, body, FORM)
    assert refused_with_the_form(response)


def test_a_note_that_is_not_utf8_is_not_saved_at_all(owner):
    client = browser(owner)
    assert send(client, "/checkins/", "stress=4&note=caf%E9+au+lait", FORM).status_code == 400
    assert not Checkin.objects.filter(user=owner).exists()
    response = send(client, "/checkins/", "stress=4&note=caf%C3%A9+au+lait", FORM)
    assert response.status_code == 302
    assert Checkin.objects.filter(user=owner).count() == 1


def test_it_refuses_a_multipart_form_that_is_not_utf8(owner):
    client = browser(owner)
    page = client.get("/checkins/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = (
        b'--xx\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        + token.encode()
        + b'\r\n--xx\r\nContent-Disposition: form-data; name="stress"\r\n\r\n4\r\n'
        b'--xx\r\nContent-Disposition: form-data; name="note"\r\n\r\ncaf\xe9\r\n--xx--\r\n'
    )
    response = client.generic("POST", "/checkins/", body, "multipart/form-data; boundary=xx")
    assert refused_with_the_form(response)
    assert not Checkin.objects.filter(user=owner).exists()


def test_a_page_that_only_takes_a_post_still_answers_400_with_a_way_back(owner):
    checkin = Checkin.objects.create(user=owner, day="2026-01-01", stress=3, needs=[])
    client = browser(owner)
    path = f"/checkins/{checkin.code}/delete/"
    response = client.generic("POST", path, b"x=caf%E9", content_type=FORM)
    assert response.status_code == 400
    assert REFUSED in response.content.decode() and f'href="{path}"' in response.content.decode()
    assert Checkin.objects.filter(pk=checkin.pk).exists()


def test_the_api_answers_json(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    response = client.generic(
        "POST", "/api/v1/invitations", b"{}", content_type="application/json; charset=latin-1"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": API_REFUSED}


def test_an_ordinary_utf8_form_is_untouched(db):
    client = browser()
    body = (
        f"email=rene%40example.org&display_name=Ren%C3%A9&password1={PASSWORD}&password2={PASSWORD}"
    )
    response = send(client, "/account/signup/", body.replace(" ", "+"), FORM, "utf-8")
    assert response.status_code == 302
    from attune.accounts.models import User

    assert User.objects.get(email="rene@example.org").display_name == "René"
