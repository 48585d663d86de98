"""Homework shows in each person's Next up; the session summary prints, and comes as a PDF."""

from django.urls import reverse
from django.utils import timezone

from attune.activities.models import Run
from attune.counsellors import services
from attune.counsellors.pdf import render_pdf
from tests.counsellors.conftest import client_for
from tests.couples.helpers import answers, finished

SUGGESTED = "Suggested by your counsellor at Riverside Counselling"


def test_a_suggested_activity_appears_in_both_next_ups_and_its_doing_shows_when_shared(
    counsellor, space, joined, owner, member
):
    robin, sam = joined
    kim = client_for(counsellor.user)
    kim.post(reverse("counsellors-suggest", args=[space.code]), {"activity": "speaker-listener"})
    for person in (owner, member):
        home = client_for(person).get(reverse("web-home")).content.decode()
        assert SUGGESTED in home
        assert reverse("activities-detail", args=["speaker-listener"]) in home

    services.choose(
        robin, kinds=["share_activities"], checkups=[], notes=[], wants_safety_talk=False
    )
    Run.objects.create(
        user=owner,
        activity_id="speaker-listener",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    Run.objects.create(
        user=member,
        activity_id="speaker-listener",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    page = kim.get(reverse("counsellors-space", args=[space.code])).content.decode()
    assert "Robin done" in page and "Sam not shared" in page

    kim.post(
        reverse("counsellors-suggest", args=[space.code]),
        {"activity": "speaker-listener", "action": "withdraw"},
    )
    assert SUGGESTED not in client_for(owner).get(reverse("web-home")).content.decode()


def test_someone_who_left_no_longer_sees_the_homework(counsellor, space, joined, owner):
    robin, _ = joined
    services.suggest(space, "speaker-listener")
    services.leave(robin)
    assert SUGGESTED not in client_for(owner).get(reverse("web-home")).content.decode()


def test_the_summary_prints_the_gaps_and_comes_as_a_pdf(counsellor, space, joined, owner, member):
    robin, sam = joined
    for place, person, weak in ((robin, owner, "lonely"), (sam, member, "support")):
        checkup = finished(person, answers(weak))
        services.choose(
            place,
            kinds=["share_scores"],
            checkups=[checkup.code],
            notes=[],
            wants_safety_talk=False,
        )
    kim = client_for(counsellor.user)
    page = kim.get(reverse("counsellors-summary", args=[space.code])).content.decode()
    assert "Session summary: Robin and Sam" in page
    assert "points apart" in page and "Feeling lonely together" in page
    pdf = kim.get(reverse("counsellors-summary-pdf", args=[space.code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_pdf_fetches_nothing_from_anywhere(monkeypatch):
    import socket

    tried = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: tried.append(address))
    html = (
        '<p>Hello</p><img src="http://127.0.0.1:9/pixel.png">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/a.css">'
    )
    assert render_pdf(html).startswith(b"%PDF")
    assert tried == []
