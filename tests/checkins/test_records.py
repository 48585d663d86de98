"""Saving a day's check-in: one row a day, even when two first sends cross."""

from django.utils import timezone

from attune.checkins.models import Checkin
from attune.checkins.records import save_checkin
from attune.safety.freetext import write
from tests.checkins.helpers import make_checkin


def test_a_second_first_send_of_the_day_replaces_the_first_without_an_error(owner):
    today = timezone.now().date()
    first = make_checkin(owner, day=today, stress=2)
    # As if this request read "no check-in today" just before the other one saved.
    saved = save_checkin(owner, today, {"stress": 9, "needs": ["space"]}, write(owner, ""), None)
    assert Checkin.objects.filter(user=owner).count() == 1
    kept = Checkin.objects.get(user=owner)
    assert (kept.stress, kept.needs, kept.code) == (9, ["space"], first.code)
    assert saved.pk == first.pk


def test_nothing_is_shared_without_a_link_whatever_was_ticked(owner):
    data = {"stress": 5, "needs": [], "note": "", "share_need": True, "share_stress": True}
    saved = save_checkin(owner, timezone.now().date(), data, write(owner, ""), None)
    assert not saved.share_need and not saved.share_stress and saved.shared_link is None
