"""Every activity in the catalogue can be done start to finish, as it says: solo ones alone,
couple ones together (on one device, and each on their own phone), safety planning as its page."""

import pytest
from django.test import Client
from django.urls import reverse

from attune.activities.models import Run
from attune.core import catalogue
from attune.core.concepts import concepts
from tests.activities.helpers import act, join, start, start_apart

ACTIVITIES = sorted(concepts().activities)


def version_of(run: Run) -> str:
    """What a screen of a run for two shows it is at (a press from a stale screen does nothing)."""
    shared = Run.objects.select_related("shared").get(pk=run.pk).shared
    return str(shared.version) if shared is not None else ""


def walk_to_the_end(client, run: Run) -> None:
    """Press Next (choosing a deck where a step asks for one) until the closing question."""
    steps = catalogue.activity_steps(run.activity_id).steps
    for number, step in enumerate(steps, start=1):
        page = client.get(reverse("activities-step", args=[run.code]))
        assert page.status_code == 200, f"step {number} of {run.activity_id}"
        assert step.title in page.content.decode()
        if step.deck_kind:
            deck = next(d for d in catalogue.decks().values() if d.kind == step.deck_kind)
            act(client, run, "choose", deck=deck.id, version=version_of(run))
        act(client, run, "next", version=version_of(run))
    finished = client.post(reverse("activities-finish", args=[run.code]), {"helped": "4"})
    assert finished.status_code == 302
    done = client.get(reverse("activities-done", args=[run.code]))
    assert done.status_code == 200
    assert Run.objects.get(pk=run.pk).helped == 4


@pytest.mark.parametrize("activity_id", ACTIVITIES)
def test_it_can_be_done_start_to_finish(activity_id, owner_client, linked):
    activity = concepts().activities[activity_id]
    if activity.safety_planning:
        response = owner_client.post(reverse("activities-start", args=[activity_id]))
        assert response["Location"] == reverse("safety-plan")
        assert owner_client.get(reverse("safety-plan")).status_code == 200
        return
    walk_to_the_end(owner_client, start(owner_client, activity_id))


@pytest.mark.parametrize("activity_id", [a for a in ACTIVITIES if concepts().activities[a].couple])
def test_a_couple_activity_can_be_done_each_on_their_own_phone(
    activity_id, owner_client, member, linked
):
    run = start_apart(owner_client, activity_id)
    partner = Client()
    partner.force_login(member)
    join(partner, run)
    walk_to_the_end(owner_client, run)
