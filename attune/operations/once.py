"""Sending each e-mail once: a claim row committed first, and the outbox as the witness.

A sender commits a claim row (unique per recipient and e-mail), sends, then marks the row
sent. A claim still open when someone else comes to it means the sender died, or is sending
right now. While its worker is alive we wait for it; once it is not, the message's own
Message-ID is looked for in the file outbox: found means it went (mark it sent), missing means
it never left (send it now). Where the mail system cannot be asked (SMTP), it is marked unsure
and not sent again: a missed e-mail is kinder than a repeated one, and it is counted in
`attune status`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from attune.operations.lease import current_worker, is_live

log = logging.getLogger(__name__)
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# Django's file backend ends every message with this line.
FILE_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
CLAIMED, SENT, UNSURE = "claimed", "sent", "unsure"
# Longer than one message takes to send (EMAIL_TIMEOUT is 10 s) with room to spare.
IN_FLIGHT_WAIT = 30.0


def message_id(kind: str, key: str) -> str:
    """A Message-ID fixed by what the e-mail is, so a repeat carries the same one."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    host = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"<{kind}.{digest}@{host}>"


def in_outbox(message_id_value: str, since: datetime) -> bool | None:
    """Whether the file outbox holds this whole message; None when the mail system can't say."""
    if settings.EMAIL_BACKEND != FILE_BACKEND:
        return None
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return False
    needle = f"Message-ID: {message_id_value}".encode()
    oldest = since.timestamp() - 60
    for path in folder.iterdir():
        if not path.is_file() or path.stat().st_mtime < oldest:
            continue
        data = path.read_bytes()
        start = data.find(needle)
        if start >= 0 and data.find(FILE_SEPARATOR, start) >= 0:
            return True
    return False


def claim_fields() -> dict[str, Any]:
    return {"state": CLAIMED, "claimed_by": current_worker(), "claimed_at": timezone.now()}


def take_over(claim: Any, wait: float = IN_FLIGHT_WAIT) -> bool:
    """Settle a claim found open; True when the caller now holds it and should send."""
    model = type(claim)
    deadline = time.monotonic() + wait
    while (
        claim.state == CLAIMED
        and claim.claimed_by
        and claim.claimed_by != current_worker()
        and is_live(claim.claimed_by)
        and time.monotonic() < deadline
    ):
        time.sleep(0.2)
        try:
            claim.refresh_from_db()
        except model.DoesNotExist:
            return False  # its sender failed and freed it: the next run tries again
    if claim.state != CLAIMED:
        return False
    found = in_outbox(claim.message_id, claim.claimed_at)
    if found:
        mark(claim, SENT)
        return False
    if found is None:
        log.warning("an e-mail's sending was interrupted; not sending it twice")
        mark(claim, UNSURE)
        return False
    # Nothing went out: take the claim over, unless another worker just did.
    fresh = claim_fields()
    taken = model.objects.filter(
        pk=claim.pk, state=CLAIMED, claimed_by=claim.claimed_by, claimed_at=claim.claimed_at
    ).update(**fresh)
    for name, value in fresh.items():
        setattr(claim, name, value)
    return bool(taken)


def mark(claim: Any, state: str) -> None:
    claim.state = state
    claim.sent_at = timezone.now()
    claim.save(update_fields=["state", "sent_at"])
