"""Each on their own phone: the partner joins, both screens show and move the same step."""

import pytest
from django.test import Client
from django.urls import reverse

from attune.activities.models import Run, SharedRun
from attune.checkups.models import Checkup
from attune.checkups.signals import checkup_saved
from attune.core import catalogue
from attune.couples.sharing import unlink
from tests.activities.helpers import act, join, page, start_apart
from tests.couples.helpers import answers, finished, link

COUPLE = "conversation-night"


@pytest.fixture
def sam(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def shared(owner_client, linked):
    return start_apart(owner_client)


def _version(run: Run) -> str:
    return str(SharedRun.objects.get(pk=run.shared_id).version)


def test_it_invites_the_partner_on_their_activities_and_activity_pages(shared, sam):
    join_url = reverse("activities-join", args=[shared.shared.code])
    index = sam.get(reverse("activities-index")).content.decode()
    assert "Robin has started Conversation night" in index and join_url in index
    detail = sam.get(reverse("activities-detail", args=[COUPLE])).content.decode()
    assert join_url in detail
    asked = sam.get(join_url)
    assert asked.status_code == 200 and "Robin has started Conversation night" in asked.text
    assert not Run.objects.filter(shared=shared.shared).exclude(pk=shared.pk).exists()


def test_it_keeps_both_screens_on_the_same_step_whoever_presses(owner_client, shared, sam, guides):
    steps = guides[COUPLE].steps
    theirs = join(sam, shared)
    assert "Step 1 of" in page(owner_client, shared) and "Step 1 of" in page(sam, theirs)
    act(owner_client, shared, "next", version=_version(shared))
    assert f"Step 2 of {len(steps)}" in page(sam, theirs)
    act(sam, theirs, "next", version=_version(theirs))
    assert steps[2].title in page(owner_client, shared)
    act(owner_client, shared, "back", version=_version(shared))
    assert steps[1].title in page(sam, theirs)


def test_it_shows_whose_turn_with_each_persons_name_and_the_same_prompt(
    owner_client, shared, sam, guides
):
    steps = guides[COUPLE].steps
    deck_step = next(i for i, s in enumerate(steps) if s.prompt_deck)
    SharedRun.objects.filter(pk=shared.shared_id).update(step=deck_step)
    theirs = join(sam, shared)
    deck = catalogue.get_deck(steps[deck_step].prompt_deck)
    prompts = deck.get_set(steps[deck_step].prompt_set).prompts
    for client, run in ((owner_client, shared), (sam, theirs)):
        assert prompts[0] in page(client, run) and "Reads aloud: <strong>Robin</strong>" in page(
            client, run
        )
    act(sam, theirs, "pass", version=_version(theirs))
    mine = page(owner_client, shared)
    assert prompts[1] in mine and "Reads aloud: <strong>Sam</strong>" in mine


def test_it_lets_a_partner_who_dropped_out_rejoin_on_the_current_step(
    owner_client, shared, sam, guides
):
    theirs = join(sam, shared)
    for _ in range(2):
        act(owner_client, shared, "next", version=_version(shared))
    # Sam closed the tab: the run is under "Pick up where you left off", and lands on step 3.
    index = sam.get(reverse("activities-index")).content.decode()
    assert reverse("activities-step", args=[theirs.code]) in index
    assert guides[COUPLE].steps[2].title in page(sam, theirs)
    assert join(sam, shared).pk == theirs.pk


def test_it_does_not_act_on_a_press_from_a_screen_that_was_behind(owner_client, shared, sam):
    theirs = join(sam, shared)
    stale = _version(theirs)
    act(owner_client, shared, "next", version=_version(shared))
    response = act(sam, theirs, "next", version=stale)
    assert response.status_code == 302
    assert SharedRun.objects.get(pk=shared.shared_id).step == 1
    assert "Your partner had already moved on" in sam.get(response.url).content.decode()


def test_it_sends_both_to_their_own_closing_question(owner_client, shared, sam, guides):
    theirs = join(sam, shared)
    SharedRun.objects.filter(pk=shared.shared_id).update(step=len(guides[COUPLE].steps) - 1)
    response = act(sam, theirs, "next", version=_version(theirs))
    assert response.url == reverse("activities-finish", args=[theirs.code])
    mine = owner_client.get(reverse("activities-step", args=[shared.code]))
    assert mine.url == reverse("activities-finish", args=[shared.code])


def test_it_gives_a_stranger_404_everywhere(shared, outsider_client):
    for url in (
        reverse("activities-step", args=[shared.code]),
        reverse("activities-join", args=[shared.shared.code]),
    ):
        assert outsider_client.get(url).status_code == 404
        assert outsider_client.post(url, {"action": "next"}).status_code == 404
    assert not Run.objects.filter(shared=shared.shared).exclude(pk=shared.pk).exists()


def test_it_gives_a_former_partner_404_and_moves_nothing(owner, shared, sam, linked):
    theirs = join(sam, shared)
    unlink(linked, owner)
    assert sam.get(reverse("activities-step", args=[shared.code])).status_code == 404
    assert sam.post(reverse("activities-join", args=[shared.shared.code])).status_code == 404
    mine = sam.post(
        reverse("activities-step", args=[theirs.code]), {"action": "next", "version": "2"}
    )
    assert mine.status_code == 200 and "Meanwhile, on your own" in mine.content.decode()
    assert SharedRun.objects.get(pk=shared.shared_id).step == 0


@pytest.mark.parametrize("signal", [True, False])
@pytest.mark.parametrize("screen", ["abuse", "crisis"])
def test_the_partner_of_a_protected_person_goes_on_alone_as_when_the_other_stops(
    owner_client, owner, shared, sam, screen, signal, guides
):
    theirs = join(sam, shared)
    checkup = finished(owner, answers("lonely", **{screen: True}))
    if signal:
        checkup_saved.send(sender=Checkup, checkup=checkup)
    # The person who needs care is offered the run no more...
    assert "Meanwhile, on your own" in page(owner_client, shared)
    # ...and their partner's screen is the one they would have if the other had stopped for now.
    seen = page(sam, theirs)
    assert 'value="next"' in seen and "Step 1 of" in seen
    act(sam, theirs, "next", version=_version(theirs))
    assert guides[COUPLE].steps[1].title in page(sam, theirs)


def test_an_invitation_from_a_protected_person_stays_as_if_they_had_walked_away(owner, shared, sam):
    finished(owner, answers("lonely", abuse=True))
    index = sam.get(reverse("activities-index")).content.decode()
    assert "Robin has started Conversation night" in index
    theirs = join(sam, shared)
    assert 'value="next"' in page(sam, theirs)


def test_a_run_for_two_the_partner_starts_waits_unanswered_for_a_protected_person(
    owner, owner_client, member, linked, sam
):
    finished(owner, answers("lonely", abuse=True))
    mine = start_apart(sam)
    assert "Waiting for Robin to join" in page(sam, mine)
    index = owner_client.get(reverse("activities-index")).content.decode()
    assert "has started" not in index
    assert owner_client.post(reverse("activities-join", args=[mine.shared.code])).status_code == 404


def test_unlinking_closes_a_run_for_two_for_good_even_after_linking_again(
    owner, member, shared, sam, linked
):
    theirs = join(sam, shared)
    unlink(linked, owner)
    link(owner, member)
    seen = page(sam, theirs)
    assert 'value="next"' not in seen
    assert reverse("activities-start", args=[COUPLE]) in seen
    assert sam.post(reverse("activities-join", args=[shared.shared.code])).status_code == 404


def test_it_keeps_the_runner_pages_within_ten_queries(
    owner_client, shared, sam, django_assert_max_num_queries
):
    theirs = join(sam, shared)
    for client, url in (
        (owner_client, reverse("activities-step", args=[shared.code])),
        (sam, reverse("activities-step", args=[theirs.code])),
        (sam, reverse("activities-index")),
        (sam, reverse("activities-detail", args=[COUPLE])),
        (sam, reverse("activities-join", args=[shared.shared.code])),
    ):
        client.get(url)
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_it_starts_on_one_device_when_no_way_is_chosen(owner_client, linked):
    response = owner_client.post(reverse("activities-start", args=[COUPLE]))
    assert response.status_code == 302
    run = Run.objects.get()
    assert run.mode == Run.TOGETHER and run.shared is None


def test_it_reshows_an_unknown_way_with_a_message(owner_client, linked):
    response = owner_client.post(reverse("activities-start", args=[COUPLE]), {"mode": "moon"})
    assert response.status_code == 400 and "Choose one of the two ways" in response.text
    assert not Run.objects.exists()


def test_it_shows_the_starter_they_are_waiting_until_the_partner_joins(owner_client, shared, sam):
    assert "Waiting for Sam to join" in page(owner_client, shared)
    join(sam, shared)
    assert "Waiting for Sam" not in page(owner_client, shared)
    assert "You and Sam, each on your own phone" in page(owner_client, shared)
