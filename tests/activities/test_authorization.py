"""Runs belong to one person: strangers and partners get 404, anonymous people the login page."""

import pytest
from django.test import Client
from django.urls import reverse

from attune.accounts.crypto import encrypt
from tests.activities.helpers import start

PAGES = ("activities-step", "activities-finish", "activities-done")


@pytest.fixture
def finished_run(owner_client, owner):
    run = start(owner_client, "self-compassion-break")
    run.note = encrypt(owner.pk, "Only mine to read.")
    run.finished_at = run.started_at
    run.save()
    return run


@pytest.mark.parametrize("name", PAGES)
def test_it_gives_a_stranger_404(finished_run, outsider, name):
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse(name, args=[finished_run.code])).status_code == 404


@pytest.mark.parametrize("name", PAGES[:2])
def test_it_lets_no_stranger_change_a_run(finished_run, outsider, name):
    client = Client()
    client.force_login(outsider)
    response = client.post(reverse(name, args=[finished_run.code]), {"action": "next"})
    assert response.status_code == 404
    finished_run.refresh_from_db()
    assert finished_run.step == 0


@pytest.mark.parametrize("name", PAGES)
def test_it_never_shows_a_partner_the_other_persons_note(finished_run, linked, member, name):
    client = Client()
    client.force_login(member)
    response = client.get(reverse(name, args=[finished_run.code]))
    assert response.status_code == 404
    assert "Only mine to read." not in response.content.decode()


def test_it_keeps_the_note_off_the_partners_own_pages(finished_run, linked, member):
    client = Client()
    client.force_login(member)
    for url in (reverse("activities-index"), reverse("web-home")):
        assert "Only mine to read." not in client.get(url).content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_it_sends_anonymous_people_to_log_in(finished_run, name):
    response = Client().get(reverse(name, args=[finished_run.code]))
    assert response.status_code == 302 and reverse("accounts-login") in response.url


def test_it_does_not_start_anything_on_get(owner_client):
    response = owner_client.get(reverse("activities-start", args=["self-compassion-break"]))
    assert response.status_code == 405
