"""Confirming a subscription: a GET shows a button, a POST confirms, bad links get a clear page."""

import datetime
from urllib.parse import urlsplit

import time_machine
from django.core import signing
from django.urls import reverse

from attune.newsletter.models import Subscriber
from attune.newsletter.views import CONFIRM_SALT, confirm_link


def link_for(subscriber: Subscriber) -> str:
    return urlsplit(confirm_link(subscriber)).path


def test_it_only_shows_a_button_on_get_so_mail_scanners_confirm_nothing(client, db):
    subscriber = Subscriber.objects.create(email="robin@example.org")
    response = client.get(link_for(subscriber))
    assert response.status_code == 200
    assert "Yes, send me the weekly note" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.PENDING


def test_it_subscribes_on_post(client, db):
    subscriber = Subscriber.objects.create(email="robin@example.org")
    response = client.post(link_for(subscriber))
    assert response.status_code == 200
    assert "You are subscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.ACTIVE
    assert subscriber.confirmed_at is not None


def test_it_shows_a_clear_page_for_a_tampered_link(client, db):
    subscriber = Subscriber.objects.create(email="robin@example.org")
    signed = signing.dumps(subscriber.token, salt=CONFIRM_SALT)
    forged = signing.dumps("someone-elses-token", salt=CONFIRM_SALT)[:-3] + signed[-3:]
    for path in [link_for(subscriber)[:-6] + "xyz/", reverse("newsletter-confirm", args=[forged])]:
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 400
            assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.PENDING


def test_it_shows_a_clear_page_for_an_expired_link(client, db):
    subscriber = Subscriber.objects.create(email="robin@example.org")
    with time_machine.travel(datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC), tick=False):
        path = link_for(subscriber)
    with time_machine.travel(datetime.datetime(2025, 5, 4, 0, 1, tzinfo=datetime.UTC)):
        response = client.post(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.PENDING


def test_it_still_works_just_before_it_expires(client, db):
    subscriber = Subscriber.objects.create(email="robin@example.org")
    with time_machine.travel(datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC), tick=False):
        path = link_for(subscriber)
    with time_machine.travel(datetime.datetime(2025, 5, 3, 23, 59, tzinfo=datetime.UTC)):
        assert client.post(path).status_code == 200


def test_it_says_the_link_does_not_work_once_the_address_is_forgotten(client, db):
    subscriber = Subscriber.objects.create(email="robin@example.org")
    path = link_for(subscriber)
    subscriber.delete()
    response = client.get(path)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
