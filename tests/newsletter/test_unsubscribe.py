"""Unsubscribing: one POST from a mail client (RFC 8058) or a button; no token, a clear page."""

from django.test import Client
from django.urls import reverse

from attune.newsletter.models import Subscriber


def url_for(subscriber: Subscriber) -> str:
    return reverse("newsletter-unsubscribe", args=[subscriber.token])


def test_it_unsubscribes_at_once_on_a_one_click_post_without_a_csrf_token(db):
    subscriber = Subscriber.objects.create(email="robin@example.org", status=Subscriber.ACTIVE)
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        url_for(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_it_only_shows_a_button_on_get(client, db, django_assert_max_num_queries):
    subscriber = Subscriber.objects.create(email="robin@example.org", status=Subscriber.ACTIVE)
    with django_assert_max_num_queries(10):
        response = client.get(url_for(subscriber))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<button type="submit" class="button">Unsubscribe</button>' in html
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.ACTIVE


def test_it_says_so_when_the_address_has_already_left(client, db):
    subscriber = Subscriber.objects.create(
        email="robin@example.org", status=Subscriber.UNSUBSCRIBED
    )
    response = client.get(url_for(subscriber))
    assert "You are unsubscribed" in response.content.decode()
    assert client.post(url_for(subscriber)).status_code == 200


def test_it_shows_a_clear_page_for_an_unknown_token(client, db):
    Subscriber.objects.create(email="robin@example.org", status=Subscriber.ACTIVE)
    for method in (client.get, client.post):
        response = method(reverse("newsletter-unsubscribe", args=["not-a-real-token"]))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.ACTIVE
