"""One world for the authorization matrix: me, my partner, a former partner, a stranger."""

import pytest
from django.utils import timezone

from attune.couples.models import Invitation
from tests.couples.helpers import finished, link, share

ROLES = ("me", "partner", "former", "stranger", "anonymous")


@pytest.fixture
def world(owner, member, outsider, former):
    old = link(owner, former)
    share(finished(owner), old)
    share(finished(former), old)
    old.ended_at = timezone.now()
    old.save()
    old.shares.update(withdrawn_at=timezone.now())
    current = link(owner, member)
    mine = finished(owner)
    share(mine, current)
    share(finished(member), current)
    invitation, _ = Invitation.issue(owner)
    people = {"me": owner, "partner": member, "former": former, "stranger": outsider}
    return {"people": people, "current": current, "old": old, "mine": mine, "inv": invitation}
