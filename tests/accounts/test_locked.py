"""After five wrong passwords axes pauses logging in for that address from that network."""

from django.urls import reverse

from tests.accounts.pages import MAX_QUERIES, has_quick_exit, is_logged_in, text, title
from tests.conftest import PASSWORD

URL = reverse("accounts-login")


def fail(client, email="owner@example.org", times=5, **extra):
    response = None
    for _ in range(times):
        response = client.post(URL, {"username": email, "password": "wrong guess"}, **extra)
    return response


def test_it_pauses_logging_in_after_five_wrong_passwords(client, owner):
    assert fail(client, times=4).status_code == 400
    response = fail(client, times=1)
    assert response.status_code == 429
    assert title(response) == "Logging in is paused · Attune"
    page = text(response)
    assert "Logging in is paused for 15 minutes" in page
    assert f'href="{reverse("accounts-password-reset")}"' in page
    assert f'href="{reverse("safety-crisis")}"' in page
    assert has_quick_exit(response)


def test_it_refuses_even_the_right_password_while_paused(client, owner):
    fail(client)
    response = client.post(URL, {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Logging in is paused" in text(response)
    assert not is_logged_in(client)


def test_it_stays_small(client, owner, django_assert_max_num_queries):
    fail(client, times=4)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = fail(client, times=1)
    assert response.status_code == 429


def test_it_does_not_lock_the_person_out_from_another_network(client, owner):
    fail(client, REMOTE_ADDR="203.0.113.9")
    response = client.post(URL, {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(client)
