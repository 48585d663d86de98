"""Two check-ups finished in the same instant: every place that asks for "the latest one"
picks the same row (the newest), so the care rule and what a partner sees never disagree.
PostgreSQL returns ties in no fixed order, so a picker without the tie-break showed a
protected person's request to their partner there."""

import pytest
from django.test import Client
from django.utils import timezone

from attune.safety.care import latest_needs_care
from attune.safety.notices import answers_needing_care
from tests.checkins.helpers import HOME, make_checkin
from tests.couples.helpers import answers, finished


@pytest.mark.parametrize("care_is_newer", [True, False], ids=["care-newer", "calm-newer"])
def test_the_newest_of_two_same_instant_check_ups_decides(member, owner, linked, care_is_newer):
    at = timezone.now()
    calm, care = answers("lonely"), answers("lonely", abuse=True)
    made = [
        finished(owner, given, at=at) for given in ((calm, care) if care_is_newer else (care, calm))
    ]
    # No signal sent: the read-time rule alone decides (the signal notes care at its moment).
    make_checkin(owner, shared_link=linked, share_need=True, needs=["closeness"])
    sam = Client()
    sam.force_login(member)
    shown = "Robin would like some closeness today." in sam.get(HOME).content.decode()

    assert latest_needs_care(owner) is care_is_newer
    assert (answers_needing_care(owner) == made[1]) is care_is_newer
    assert shown is not care_is_newer
