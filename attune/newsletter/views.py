"""Subscribing with double opt-in, confirming, and unsubscribing (one click from a mail client)."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from attune.newsletter.forms import SubscribeForm
from attune.newsletter.mail import absolute, message
from attune.newsletter.models import Subscriber
from attune.newsletter.sending import CONFIRM_MAX_AGE, forget_unconfirmed

CONFIRM_SALT = "attune.newsletter.confirm"
# One confirmation e-mail per address per this long, so the form cannot flood an inbox.
RESEND_COOLDOWN = timedelta(minutes=10)


def confirm_link(subscriber: Subscriber) -> str:
    signed = signing.dumps(subscriber.token, salt=CONFIRM_SALT)
    return absolute(reverse("newsletter-confirm", args=[signed]))


def _ask_to_confirm(email: str) -> None:
    """Send a confirmation link unless the address is already subscribed or was just asked.

    The caller shows the same page whatever happens here, so the form never reveals whether
    an address is subscribed.
    """
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    if subscriber.status == Subscriber.ACTIVE or not subscriber.may_ask(RESEND_COOLDOWN):
        return
    subscriber.asked_at = timezone.now()
    subscriber.save(update_fields=["asked_at"])
    days = CONFIRM_MAX_AGE.days
    context = {"confirm_url": confirm_link(subscriber), "days": days}
    message("confirm", subscriber, context).send()


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            forget_unconfirmed()
            _ask_to_confirm(form.cleaned_data["email"])
            return redirect("newsletter-check-inbox")
        status = 400
    else:
        form = SubscribeForm()
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


@require_GET
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/check_inbox.html")


def _link_problem(request: HttpRequest, expired: bool, status: int) -> HttpResponse:
    return render(request, "newsletter/link_problem.html", {"expired": expired}, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); only the POST subscribes."""
    try:
        token = signing.loads(signed, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return _link_problem(request, expired=True, status=410)
    except signing.BadSignature:
        return _link_problem(request, expired=False, status=400)
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return _link_problem(request, expired=False, status=404)
    if request.method == "POST":
        if subscriber.status != Subscriber.ACTIVE:
            subscriber.confirm()
            subscriber.save()
        return render(request, "newsletter/confirmed.html")
    return render(request, "newsletter/confirm.html")


# Mail clients send the RFC 8058 one-click POST without a CSRF token; the random token in the
# URL is what proves the request came from the subscriber's own e-mail.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return _link_problem(request, expired=False, status=404)
    if request.method == "POST":
        subscriber.unsubscribe()
        subscriber.save()
        return render(request, "newsletter/unsubscribed.html")
    if subscriber.status == Subscriber.UNSUBSCRIBED:
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html")
