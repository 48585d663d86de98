"""The inactivity timeout logs a person out after the time they chose, and the login page says so
once."""

import time

from django.urls import reverse

from attune.accounts.middleware import LAST_SEEN
from tests.accounts.pages import is_logged_in, text

SETTINGS = reverse("accounts-settings")
LOGIN = reverse("accounts-login")
NOTICE = "You were logged out after a period of inactivity"


def idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time() - minutes * 60)
    session.save()


def test_it_logs_out_after_the_chosen_time_and_says_so_once(owner_client):
    owner_client.get(SETTINGS)
    idle_for(owner_client, 61)
    response = owner_client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert not is_logged_in(owner_client)
    assert NOTICE in text(owner_client.get(response.url))
    assert NOTICE not in text(owner_client.get(LOGIN))


def test_it_keeps_an_active_person_logged_in(owner_client):
    owner_client.get(SETTINGS)
    idle_for(owner_client, 59)
    assert owner_client.get(SETTINGS).status_code == 200
    assert is_logged_in(owner_client)


def test_it_follows_a_shorter_setting(owner_client, owner):
    owner.session_minutes = 15
    owner.save()
    owner_client.get(SETTINGS)
    idle_for(owner_client, 16)
    assert owner_client.get(SETTINGS).status_code == 302
    assert not is_logged_in(owner_client)


def test_it_says_nothing_about_inactivity_otherwise(client, db):
    assert NOTICE not in text(client.get(LOGIN))
