"""What the counsellor sees is exactly what each person chose, and never a safety answer."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.activities.models import Run
from attune.checkins.models import Checkin
from attune.core.instruments import get_instrument
from attune.counsellors import services
from attune.progress.pulses import save_pulse
from tests.checkups.helpers import CHECKUP
from tests.counsellors.conftest import client_for
from tests.couples.helpers import answers, finished

CRISIS_TEXT = CHECKUP.item("crisis_1").text
SAFETY_TEXT = CHECKUP.item("abuse_neglect_1").text


def _choose(place, *kinds, checkups=(), notes=(), safety_talk=False):
    services.choose(
        place,
        kinds=kinds,
        checkups=[c.code for c in checkups],
        notes=[n.code for n in notes],
        wants_safety_talk=safety_talk,
    )


def test_each_person_shares_different_things_and_the_counsellor_sees_exactly_those(
    counsellor, space, joined, owner, member
):
    robin, sam = joined
    robins = finished(owner, answers("lonely", crisis=True, abuse=True))
    sams = finished(member, answers("support"))
    Run.objects.create(
        user=member,
        activity_id="naming-feelings",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    _choose(robin, "share_scores", "share_items", checkups=[robins])
    _choose(sam, "share_activities", checkups=[sams])
    kim = client_for(counsellor.user)

    robin_page = kim.get(
        reverse("counsellors-person", args=[space.code, robin.code])
    ).content.decode()
    assert CHECKUP.item("lonely_1").text in robin_page
    assert CRISIS_TEXT not in robin_page and SAFETY_TEXT not in robin_page
    assert "Feeling safe" not in robin_page
    sam_page = kim.get(reverse("counsellors-person", args=[space.code, sam.code])).content.decode()
    assert "No check-up shared." in sam_page
    assert "Name the feeling" in sam_page

    listing = kim.get(reverse("counsellors-clients")).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", listing, re.S)
    robin_row = next(row for row in rows if ">Robin<" in row)
    sam_row = next(row for row in rows if ">Sam<" in row)
    assert re.search(r"<td>\d+", robin_row)
    assert "not shared" in sam_row and not re.search(r"<td>\d+", sam_row)


def test_scores_without_items_show_no_answer(counsellor, space, joined, owner):
    robin, _ = joined
    checkup = finished(owner, answers("lonely"))
    _choose(robin, "share_scores", checkups=[checkup])
    page = client_for(counsellor.user).get(
        reverse("counsellors-person", args=[space.code, robin.code])
    )
    html = page.content.decode()
    assert "Feeling lonely together:" in html
    assert CHECKUP.item("lonely_1").text not in html


def test_the_safety_scores_never_reach_the_counsellor(counsellor, space, joined, owner):
    robin, _ = joined
    checkup = finished(owner, answers(crisis=True, abuse=True))
    _choose(robin, "share_scores", "share_items", checkups=[checkup])
    view = services.client_view(robin)
    assert set(view.checkups[0].scores) <= set(services.SHAREABLE)
    assert (
        "abuse_neglect" not in view.checkups[0].scores and "crisis" not in view.checkups[0].scores
    )


def test_pulse_stress_and_notes_follow_their_own_ticks(counsellor, space, joined, owner):
    from attune.accounts.crypto import encrypt

    robin, _ = joined
    save_pulse(owner, {item.id: 2 for item in get_instrument("pulse").items})
    Checkin.objects.create(user=owner, day=timezone.localdate(), stress=7)
    run = Run.objects.create(
        user=owner,
        activity_id="naming-feelings",
        started_at=timezone.now() - timedelta(minutes=5),
        finished_at=timezone.now(),
        note=encrypt(owner.pk, "We laughed about the burnt toast."),
    )
    kim = client_for(counsellor.user)
    url = reverse("counsellors-person", args=[space.code, robin.code])
    before = kim.get(url).content.decode()
    assert "burnt toast" not in before and "7 of 10" not in before
    _choose(robin, "share_stress", notes=[run])
    after = kim.get(url).content.decode()
    assert "burnt toast" in after and "7 of 10" in after


def test_a_flagged_note_cannot_be_chosen(space, joined, owner):
    robin, _ = joined
    run = Run.objects.create(
        user=owner,
        activity_id="naming-feelings",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        note=b"x",
        note_tier=2,
    )
    with pytest.raises(services.CounsellorError):
        _choose(robin, notes=[run])
    robin.refresh_from_db()
    assert not robin.chosen_notes


def test_another_persons_check_up_cannot_be_chosen(space, joined, owner, member):
    robin, _ = joined
    theirs = finished(member)
    browser = client_for(owner)
    page = browser.post(
        reverse("counsellors-choices", args=[robin.code]),
        {"share_scores": "on", "checkups": [theirs.code]},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert re.search(r'name="share_scores"[^>]*checked', html)
    robin.refresh_from_db()
    assert not robin.share_scores and not robin.chosen_checkups


def test_a_chosen_note_whose_key_is_gone_is_left_out(counsellor, space, joined, owner):
    from attune.accounts.crypto import encrypt
    from attune.accounts.models import UserKey

    robin, _ = joined
    run = Run.objects.create(
        user=owner,
        activity_id="naming-feelings",
        started_at=timezone.now() - timedelta(minutes=5),
        finished_at=timezone.now(),
        note=encrypt(owner.pk, "We laughed about the burnt toast."),
    )
    _choose(robin, notes=[run])
    # As after restoring a keys database from before the key was made.
    UserKey.objects.using("keys").filter(user_id=owner.pk).delete()
    kim = client_for(counsellor.user)
    response = kim.get(reverse("counsellors-person", args=[space.code, robin.code]))
    assert response.status_code == 200
    assert services.client_view(robin).notes == []
