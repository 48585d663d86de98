"""A real SMTP server on loopback, tasks run at once, and a few stand-in articles."""

from __future__ import annotations

import datetime
import email
import re
import socket
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from attune.newsletter.models import Subscriber

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LINK = re.compile(r"http://testserver(/newsletter/[^\s\"<>]+)")


class Inbox:
    """An aiosmtpd handler that keeps every message it is given, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["X-Envelope-To"] == address]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message: EmailMessage, kind: str) -> str:
    """The site path of the first newsletter link of this kind (confirm, unsubscribe)."""
    return next(p for p in LINK.findall(text_of(message)) if p.startswith(f"/newsletter/{kind}/"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=5,
            ATTUNE_BASE_URL="http://testserver",
        ):
            yield inbox
    finally:
        controller.stop()


@pytest.fixture
def immediate_tasks():
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


@dataclass(frozen=True)
class FakeArticle:
    slug: str
    title: str
    summary: str
    concepts: tuple[str, ...]
    date: datetime.date


FAKE_ARTICLES = [
    FakeArticle(
        "small-moments",
        "Small moments",
        "How little replies add up.",
        ("lonely",),
        datetime.date(2025, 1, 6),
    ),
    FakeArticle(
        "listening-well",
        "Listening well",
        "Hearing before answering.",
        ("listening",),
        datetime.date(2025, 2, 3),
    ),
    FakeArticle(
        "when-home-is-not-safe",
        "When home is not safe",
        "Help that stays private.",
        ("abuse_neglect",),
        datetime.date(2025, 3, 3),
    ),
]


@pytest.fixture
def fake_library(monkeypatch):
    """The digest reads these instead of the shipped library."""
    monkeypatch.setattr("attune.newsletter.digest.library_articles", lambda: FAKE_ARTICLES)
    return FAKE_ARTICLES


def make_subscribers(count: int, status: str = Subscriber.ACTIVE) -> list[Subscriber]:
    return [
        Subscriber.objects.create(email=f"reader{n}@example.org", status=status)
        for n in range(count)
    ]
