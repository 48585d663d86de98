"""Subscribing with double opt-in, confirming, and unsubscribing (one click from a mail client)."""

from __future__ import annotations

import logging
import math
import smtplib
from datetime import datetime, timedelta

from django.core import signing
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from attune.newsletter.forms import SubscribeForm
from attune.newsletter.mail import absolute, message
from attune.newsletter.models import Subscriber
from attune.newsletter.sending import CONFIRM_MAX_AGE, forget_unconfirmed

CONFIRM_SALT = "attune.newsletter.confirm"
# One confirmation e-mail per address per this long, so the form cannot flood an inbox.
RESEND_COOLDOWN = timedelta(minutes=10)
MAIL_FAILED = (
    "We could not send the e-mail just now, so nothing was saved. "
    "Please try again in a few minutes."
)
log = logging.getLogger(__name__)


def confirm_link(subscriber: Subscriber) -> str:
    signed = signing.dumps(subscriber.token, salt=CONFIRM_SALT)
    return absolute(reverse("newsletter-confirm", args=[signed]))


class MailFailed(Exception):
    """The confirmation e-mail could not be handed to the mail server; nothing was kept."""


def _ask_to_confirm(email: str) -> bool:
    """Send a confirmation link unless the address is already subscribed or was just asked;
    whether an e-mail went out now.

    The subscription and its e-mail are one unit: the send is claimed first (so two sends of
    the form at once mail once), and if the e-mail cannot go out, the claim is undone and a row
    made for it removed, so trying again a moment later works. The caller shows the same page
    whether or not anything was sent, so the form never reveals whether an address subscribes.
    """
    subscriber, created = Subscriber.objects.get_or_create(email=email)
    if subscriber.status == Subscriber.ACTIVE:
        return False
    now, before = timezone.now(), subscriber.asked_at
    free = Q(asked_at__isnull=True) | Q(asked_at__lte=now - RESEND_COOLDOWN)
    if not Subscriber.objects.filter(free, pk=subscriber.pk).update(asked_at=now):
        return False
    context = {"confirm_url": confirm_link(subscriber), "days": CONFIRM_MAX_AGE.days}
    try:
        message("confirm", subscriber, context).send()
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("the newsletter confirmation e-mail could not be sent: %s", exc)
        mine = Subscriber.objects.filter(pk=subscriber.pk, asked_at=now)
        if created:
            mine.filter(status=Subscriber.PENDING).delete()
        else:
            mine.update(asked_at=before)
        raise MailFailed from exc
    return True


def _asked_here(email: str) -> str:
    """The key under which this browser remembers asking for this address (never the address)."""
    return "newsletter_asked_" + salted_hmac("attune.newsletter.asked", email).hexdigest()[:16]


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    status = 200
    problem = ""
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            forget_unconfirmed()
            email = form.cleaned_data["email"]
            try:
                sent = _ask_to_confirm(email)
            except MailFailed:
                problem = MAIL_FAILED
                status = 503
            else:
                _remember(request, email, sent)
                return redirect("newsletter-check-inbox")
        else:
            status = 400
    else:
        form = SubscribeForm()
    return render(
        request, "newsletter/subscribe.html", {"form": form, "problem": problem}, status=status
    )


def _remember(request: HttpRequest, email: str, sent: bool) -> None:
    """Only this browser learns that a resend is waiting, and only for an address it asked for
    itself: anyone else gets the same page whatever the address's state."""
    key = _asked_here(email)
    if sent:
        request.session[key] = timezone.now().isoformat()
        request.session.pop("newsletter_wait", None)
        return
    asked = request.session.get(key)
    if asked is None:
        return
    ready = datetime.fromisoformat(asked) + RESEND_COOLDOWN
    minutes = math.ceil((ready - timezone.now()).total_seconds() / 60)
    if minutes > 0:
        request.session["newsletter_wait"] = minutes


@require_GET
def check_inbox(request: HttpRequest) -> HttpResponse:
    wait = request.session.pop("newsletter_wait", None) if hasattr(request, "session") else None
    return render(request, "newsletter/check_inbox.html", {"wait_minutes": wait})


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
