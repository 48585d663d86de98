"""The subscription and its confirmation e-mail are one unit: when the e-mail cannot go out,
nothing is kept and the person is told; a resend that is waiting is said to the one who asked."""

import socket
from datetime import timedelta

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from attune.newsletter.models import Subscriber
from attune.newsletter.views import MAIL_FAILED

URL = reverse("newsletter-subscribe")
INBOX = reverse("newsletter-check-inbox")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mail_down():
    return override_settings(EMAIL_PORT=closed_port())


def test_it_keeps_nothing_and_says_so_when_the_e_mail_cannot_go_out(client, smtp):
    with mail_down():
        response = client.post(URL, {"email": "robin@example.org"})
    assert response.status_code == 503
    page = response.content.decode()
    assert MAIL_FAILED in page and 'value="robin@example.org"' in page
    assert not Subscriber.objects.filter(email="robin@example.org").exists()
    # Once the mail server is back, asking again at once sends the link.
    assert client.post(URL, {"email": "robin@example.org"}).status_code == 302
    assert len(smtp.to("robin@example.org")) == 1


def test_a_failed_resend_does_not_start_the_wait(client, smtp):
    asked = timezone.now() - timedelta(minutes=30)
    Subscriber.objects.create(email="robin@example.org", asked_at=asked)
    with mail_down():
        assert client.post(URL, {"email": "robin@example.org"}).status_code == 503
    assert Subscriber.objects.get(email="robin@example.org").asked_at == asked
    assert client.post(URL, {"email": "robin@example.org"}).status_code == 302
    assert len(smtp.to("robin@example.org")) == 1


def test_it_tells_the_browser_that_asked_when_it_may_ask_again(client, smtp):
    client.post(URL, {"email": "robin@example.org"})
    response = client.post(URL, {"email": "robin@example.org"}, follow=True)
    page = response.content.decode()
    assert "we have not sent another" in page and "ask again in 10 minutes" in page
    assert len(smtp.to("robin@example.org")) == 1


def test_anyone_else_learns_nothing_from_a_waiting_resend(client, smtp):
    client.post(URL, {"email": "robin@example.org"})
    Subscriber.objects.create(email="known@example.org", status=Subscriber.ACTIVE)
    waiting = Client().post(URL, {"email": "robin@example.org"}, follow=True)
    known = Client().post(URL, {"email": "known@example.org"}, follow=True)
    assert waiting.content == known.content
    assert "we have not sent another" not in waiting.content.decode()
