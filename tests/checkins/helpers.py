"""Building check-ins, links and protected people for the check-in tests."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from attune.accounts.crypto import encrypt
from attune.checkins.models import Checkin
from attune.checkups.models import Checkup
from attune.checkups.signals import checkup_saved
from tests.couples.helpers import answers, finished

HOME = "/"
PAGE = "/checkins/"


def post_data(**overrides) -> dict:
    data = {"stress": "6", "needs": ["closeness"], "note": ""}
    data.update(overrides)
    return data


def make_checkin(user, day: date | None = None, note: str = "", tier: int = 0, **fields) -> Checkin:
    return Checkin.objects.create(
        user=user,
        day=day or timezone.now().date(),
        stress=fields.pop("stress", 6),
        needs=fields.pop("needs", ["closeness"]),
        note=encrypt(user.pk, note),
        note_tier=tier,
        **fields,
    )


def protect(user, *, signal: bool = True, **screens) -> Checkup:
    """A finished check-up with a positive screen, sent as the check-up pages send it (or not,
    to prove the read-time check holds on its own)."""
    checkup = finished(user, answers("lonely", **(screens or {"abuse": True})))
    if signal:
        checkup_saved.send(sender=Checkup, checkup=checkup)
    return checkup


def is_checked(page: str, name: str, value: str | None = None) -> bool:
    """Whether the page has this input ticked (a radio or checkbox, by name and value)."""
    import re

    wanted = f'name="{name}"' + (f' value="{value}"' if value is not None else "")
    return any(
        wanted in tag and re.search(r"\schecked\b", tag)
        for tag in re.findall(r"<input\b[^>]*>", page)
    )
