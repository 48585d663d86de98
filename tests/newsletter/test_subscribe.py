"""Subscribing with only an e-mail address; a confirmation link arrives over real SMTP."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from attune.newsletter.models import Subscriber
from tests.newsletter.conftest import html_of, link_in, text_of

URL = reverse("newsletter-subscribe")


def test_it_shows_a_small_page_with_one_field(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="email"' in html and 'id="quick-exit"' in html
    assert "style=" not in html and "<script>" not in html


def test_it_sends_a_confirmation_link_and_subscribes_no_one_yet(client, smtp):
    response = client.post(URL, {"email": "Robin@Example.org "})
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter-check-inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "robin@example.org"
    assert subscriber.status == Subscriber.PENDING
    [mail] = smtp.to("robin@example.org")
    assert mail["Subject"] == "Please confirm your weekly note"
    assert link_in(mail, "confirm").startswith("/newsletter/confirm/")
    assert "Confirm my weekly note" in html_of(mail)
    link = f"<http://testserver/newsletter/unsubscribe/{subscriber.token}/>"
    assert mail["List-Unsubscribe"].strip() == link  # a long header may be folded
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_it_keeps_a_bad_address_in_the_box_with_a_clear_message(client, smtp):
    response = client.post(URL, {"email": "robin at home"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter an e-mail address like name@example.com." in html
    assert 'value="robin at home"' in html
    assert not Subscriber.objects.exists()
    assert smtp.messages == []


def test_it_shows_the_same_page_whether_or_not_the_address_is_subscribed(client, smtp):
    Subscriber.objects.create(email="known@example.org", status=Subscriber.ACTIVE)
    known = client.post(URL, {"email": "known@example.org"}, follow=True)
    unknown = client.post(URL, {"email": "new@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert smtp.to("known@example.org") == []
    assert Subscriber.objects.get(email="known@example.org").status == Subscriber.ACTIVE


def test_it_does_not_flood_an_inbox_when_the_form_is_sent_again_and_again(client, smtp):
    for _ in range(3):
        client.post(URL, {"email": "robin@example.org"})
    assert len(smtp.to("robin@example.org")) == 1


def test_it_lets_someone_who_left_come_back(client, smtp):
    Subscriber.objects.create(email="back@example.org", status=Subscriber.UNSUBSCRIBED)
    client.post(URL, {"email": "back@example.org"})
    [mail] = smtp.to("back@example.org")
    client.post(link_in(mail, "confirm"))
    assert Subscriber.objects.get(email="back@example.org").status == Subscriber.ACTIVE


def test_it_offers_a_form_other_pages_can_include(client):
    request = RequestFactory().get("/learn/")
    html = render_to_string("newsletter/_subscribe_form.html", request=request)
    assert f'action="{URL}"' in html
    assert 'name="email"' in html and "csrfmiddlewaretoken" in html


def test_it_says_what_it_keeps_in_the_confirmation_text(client, smtp):
    client.post(URL, {"email": "robin@example.org"})
    [mail] = smtp.messages
    assert "the address will be forgotten" in text_of(mail)
