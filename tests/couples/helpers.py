"""Building check-ups, links and shares for couple-mode tests."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils import timezone

from attune.checkups.models import Checkup
from attune.couples.models import Link, Share
from tests.checkups.helpers import CHECKUP, healthy_value, unhealthy_value


def answers(*unhealthy: str, abuse: bool = False, crisis: bool = False, **overrides) -> dict:
    """Healthy answers, except the constructs named (at their worst) and the screens asked for."""
    chosen = {
        item.id: unhealthy_value(item) if item.construct in unhealthy else healthy_value(item)
        for item in CHECKUP.items
    }
    if abuse:
        item = next(i for i in CHECKUP.items_for("abuse_neglect") if i.flag_at is not None)
        chosen[item.id] = item.flag_at
    if crisis:
        item = next(i for i in CHECKUP.items_for("crisis") if i.flag_at is not None)
        chosen[item.id] = item.flag_at
    return {**chosen, **overrides}


def finished(user, given: dict | None = None, at: datetime | None = None, **fields) -> Checkup:
    """A check-up finished now (or at `at`): healthy answers unless given; other fields (a
    sealed note, say) as passed."""
    checkup = Checkup.objects.create(
        user=user, instrument_version=CHECKUP.version, answers=given or answers(), **fields
    )
    checkup.finished_at = at or timezone.now()
    checkup.save()
    return checkup


def link(first, second) -> Link:
    return Link.objects.create(first=first, second=second)


def share(checkup: Checkup, in_link: Link) -> Share:
    return Share.objects.create(checkup=checkup, link=in_link)


# Public codes are 16 URL-safe characters; tokens (only ever in a link or the API) are longer.
CODE = re.compile(
    r"(?<![A-Za-z0-9_-])(att_)?[A-Za-z0-9_-]{16}([A-Za-z0-9_-]{27})?(?![A-Za-z0-9_-])"
)
DATE = re.compile(
    r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{4}|\d{4}-\d{2}-\d{2}T[\d:.+Z-]+"
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def normalise(text: str, *names: str) -> str:
    """Blank out what may differ between two people and two moments: names, codes, dates."""
    text = TOKEN.sub('name="csrfmiddlewaretoken" value="-"', text)
    for name in names:
        text = text.replace(name, "NAME")
    text = DATE.sub("DATE", text)
    return CODE.sub("CODE", text)
