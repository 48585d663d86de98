"""Building the newsletter's e-mails: three templates each, absolute links, unsubscribe headers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from attune.newsletter.models import Subscriber
from attune.toolkit.links import absolute

__all__ = ["absolute", "render", "unsubscribe_url"]


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter-unsubscribe", args=[subscriber.token]))


def render(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """The subject (one line), text and HTML of e-mail `name` from its three templates."""
    subject = render_to_string(f"newsletter/email/{name}-subject.txt", context)
    text = render_to_string(f"newsletter/email/{name}-body.txt", context)
    html = render_to_string(f"newsletter/email/{name}-body.html", context)
    return " ".join(subject.split()), text, html


def message(
    name: str, subscriber: Subscriber, context: dict[str, Any], connection: Any = None
) -> EmailMultiAlternatives:
    """E-mail `name` to one subscriber, with its unsubscribe link in the body and the headers.

    List-Unsubscribe-Post (RFC 8058) lets a mail client unsubscribe with one POST to the link.
    """
    link = unsubscribe_url(subscriber)
    subject, text, html = render(name, {**context, "unsubscribe_url": link})
    mail = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    )
    mail.attach_alternative(html, "text/html")
    return mail
