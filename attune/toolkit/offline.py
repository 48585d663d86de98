"""Attune on a phone without a connection: which pages a phone may keep, which forms wait on it,
and the server's half of "sent exactly once" (a write's key is remembered, a second send of it
is dropped)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# Paths (under the site's root, without the leading slash) anyone may read: the library (its
# articles, signs, causes, strategies, exercises and decks) and the help pages. A phone keeps a
# copy fetched without the person's cookies, so a kept page can never hold anything private.
PUBLIC_PAGES = (r"^learn/", r"^help/$", r"^help/quick-exit/$")
# Forms that wait on the phone when there is no connection: the daily check-in, the weekly pulse
# and a step of an activity. Each carries a key (write_key) so a second send changes nothing.
QUEUED_FORMS = (r"^checkins/$", r"^progress/pulse/$", r"^activities/runs/[^/]+/$")
KEY_FIELD = "write_key"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
# A phone retries a waiting write for as long as it stays signed in; keys older than this are
# let go (a session ends long before: SESSION_COOKIE_AGE is 14 days).
KEY_DAYS = 30
# How far ahead of the server's clock a phone's may run before its written_at is not believed.
CLOCK_SLACK = timedelta(minutes=5)


def first_send(request: HttpRequest) -> bool:
    """True the first time a write's key arrives (or when it has none: a form sent without JS);
    False when it was received before. Call it inside the transaction that saves the write, so
    a write that fails to save leaves its key free for the next try."""
    from attune.toolkit.models import ReceivedWrite

    key = request.POST.get(KEY_FIELD, "")
    if not KEY_PATTERN.match(key):
        return True
    try:
        with transaction.atomic():
            ReceivedWrite.objects.create(key=key)
    except IntegrityError:
        return False
    ReceivedWrite.objects.filter(received_at__lt=timezone.now() - timedelta(days=KEY_DAYS)).delete()
    return True


def forget_device(response: HttpResponse) -> HttpResponse:
    """Ask the browser to drop everything Attune kept on this device: kept pages, the service
    worker and any writes still waiting (on log-out and account deletion)."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


def written_when(request: HttpRequest) -> datetime | None:
    """When the phone saved a write it kept offline (its written_at, in ms since 1970), so a
    check-in made at 23:50 and sent after midnight counts for the day it was made. None for a
    write sent at once, and for a time no waiting write can have (later than now, or older than
    a key is remembered): a phone whose clock is wrong writes for today."""
    sent = request.POST.get("written_at", "")
    if not sent.isdigit() or len(sent) > 15:
        return None
    written = datetime.fromtimestamp(int(sent) / 1000, tz=UTC)
    now = timezone.now()
    if written > now + CLOCK_SLACK or written < now - timedelta(days=KEY_DAYS):
        return None
    return min(written, now)


def kept_newer(saved_at: datetime | None, written: datetime | None) -> bool:
    """True when a write kept on a phone offline (written: when the phone saved it) is older
    than the record already saved since (saved_at), from another device: the newer one is kept
    and the person is told. A write sent at once has no written time."""
    return saved_at is not None and written is not None and saved_at > written
