"""The home page's "Next up": the plan's first activity, this week, an honest streak."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from attune.activities.models import Run
from tests.couples.helpers import answers, finished


def test_it_leads_to_the_first_activity_of_the_latest_plan(owner_client, owner):
    checkup = finished(owner, answers("lonely", "support"))
    first = next(s.activities[0] for s in checkup.report.plan if s.activities)
    page = owner_client.get(reverse("web-home")).content.decode()
    assert "Next up" in page
    assert reverse("activities-detail", args=[first.id]) in page


def test_it_counts_this_week_and_the_streak(owner_client, owner):
    now = timezone.now()
    for days in (0, 7, 14):
        Run.objects.create(
            user=owner, activity_id="naming-feelings", finished_at=now - timedelta(days=days)
        )
    page = owner_client.get(reverse("web-home")).content.decode()
    assert "This week you have done 1 activity." in page
    assert "3 weeks in a row" in page


def test_it_says_nothing_about_a_missed_week(owner_client, owner):
    Run.objects.create(
        user=owner, activity_id="naming-feelings", finished_at=timezone.now() - timedelta(days=60)
    )
    page = owner_client.get(reverse("web-home")).content.decode()
    assert "This week you have done" not in page and "in a row" not in page
    assert "Pick up where you left off" not in page


def test_it_offers_to_pick_up_an_unfinished_run(owner_client, owner):
    run = Run.objects.create(user=owner, activity_id="naming-feelings")
    page = owner_client.get(reverse("web-home")).content.decode()
    assert reverse("activities-step", args=[run.code]) in page
