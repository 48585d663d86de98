"""Couple-mode e-mails: neutral words only, never a score, band, answer or section name."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

log = logging.getLogger(__name__)
KINDS = ("invitation", "unlinked", "shared")


def send(kind: str, to: str, context: dict) -> bool:
    """Render couples/email/<kind>-{subject.txt,body.txt,body.html} and send; False on failure."""
    if kind not in KINDS:
        raise ValueError(kind)
    base = f"couples/email/{kind}"
    subject = " ".join(render_to_string(f"{base}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{base}-body.txt", context), to=[to]
    )
    message.attach_alternative(render_to_string(f"{base}-body.html", context), "text/html")
    try:
        message.send()
    except (OSError, ValueError, smtplib.SMTPException):
        # ValueError covers UnicodeError: an address Django accepts but mail headers cannot hold.
        # Mail being down must never break linking or unlinking; the page still says what happened.
        log.warning("could not send a %s e-mail", kind)
        return False
    return True
