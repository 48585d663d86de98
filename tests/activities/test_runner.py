"""Running an activity: one step a page, a timer, decks, the closing question and the note."""

from django.urls import reverse

from attune.accounts.crypto import decrypt
from attune.activities.models import Run
from attune.core import catalogue
from tests.activities.helpers import act, start


def test_it_walks_a_solo_activity_to_the_closing_question(owner_client, guides):
    run = start(owner_client, "self-compassion-break")
    steps = guides["self-compassion-break"].steps
    for number, step in enumerate(steps, 1):
        page = owner_client.get(reverse("activities-step", args=[run.code])).content.decode()
        assert f"Step {number} of {len(steps)}" in page
        assert step.title in page
        response = act(owner_client, run, "next")
    assert response.url == reverse("activities-finish", args=[run.code])
    assert "Did this help?" in owner_client.get(response.url).content.decode()


def test_it_states_the_minutes_of_a_timed_step_without_inline_script(owner_client, guides):
    run = start(owner_client, "self-compassion-break")
    timed = next(i for i, s in enumerate(guides["self-compassion-break"].steps) if s.timer_minutes)
    Run.objects.filter(pk=run.pk).update(step=timed)
    page = owner_client.get(reverse("activities-step", args=[run.code])).content.decode()
    assert "Take about" in page
    assert "activities/timer.js" in page
    assert "<script>" not in page and "style=" not in page


def test_it_goes_back_a_step_and_stop_keeps_the_place(owner_client):
    run = start(owner_client, "self-compassion-break")
    act(owner_client, run, "next")
    act(owner_client, run, "back")
    response = act(owner_client, run, "stop")
    assert response.url == reverse("activities-index")
    run.refresh_from_db()
    assert run.step == 0 and not run.finished
    index = owner_client.get(reverse("activities-index")).content.decode()
    assert "Pick up where you left off" in index
    assert reverse("activities-step", args=[run.code]) in index


def test_it_stores_the_answer_and_an_encrypted_note(owner_client, owner):
    run = start(owner_client, "self-compassion-break")
    response = owner_client.post(
        reverse("activities-finish", args=[run.code]),
        {"helped": "4", "note": "We laughed about the holiday."},
    )
    assert response.url == reverse("activities-done", args=[run.code])
    run.refresh_from_db()
    assert run.helped == 4 and run.finished
    assert b"holiday" not in bytes(run.note)
    assert decrypt(owner.pk, run.note) == "We laughed about the holiday."
    page = owner_client.get(response.url).content.decode()
    assert "We laughed about the holiday." in page and "helped 4 out of 5" in page


def test_it_lets_the_question_be_skipped(owner_client):
    run = start(owner_client, "self-compassion-break")
    owner_client.post(reverse("activities-finish", args=[run.code]), {"helped": "", "note": ""})
    run.refresh_from_db()
    assert run.finished and run.helped is None


def test_it_reshows_a_bad_answer_with_the_note_intact(owner_client):
    run = start(owner_client, "self-compassion-break")
    response = owner_client.post(
        reverse("activities-finish", args=[run.code]), {"helped": "9", "note": "My words stay."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a number from 1 to 5" in page and "My words stay." in page
    run.refresh_from_db()
    assert not run.finished


def test_it_shows_help_first_for_a_note_in_crisis(owner_client):
    run = start(owner_client, "self-compassion-break")
    response = owner_client.post(
        reverse("activities-finish", args=[run.code]),
        {"note": "I want to end my life. I can't go on."},
    )
    assert response.url.startswith(reverse("safety-crisis"))
    run.refresh_from_db()
    assert run.note_tier == 2


def test_it_reshows_an_unknown_button_without_changing_anything(owner_client):
    run = start(owner_client, "self-compassion-break")
    response = act(owner_client, run, "jump")
    assert response.status_code == 400
    run.refresh_from_db()
    assert run.step == 0


def test_it_keeps_each_page_within_ten_queries(owner_client, linked, django_assert_max_num_queries):
    run = start(owner_client, "conversation-night", first_name="Robin", second_name="Sam")
    for url in (
        reverse("web-home"),
        reverse("activities-index"),
        reverse("activities-detail", args=["conversation-night"]),
        reverse("activities-step", args=[run.code]),
        reverse("activities-finish", args=[run.code]),
    ):
        with django_assert_max_num_queries(10):
            assert owner_client.get(url).status_code == 200


def test_it_shows_whose_turn_and_walks_a_deck(owner_client, linked, guides):
    run = start(owner_client, "conversation-night", first_name="Robin", second_name="Sam")
    steps = guides["conversation-night"].steps
    deck_step = next(i for i, s in enumerate(steps) if s.prompt_deck)
    Run.objects.filter(pk=run.pk).update(step=deck_step)
    deck = catalogue.get_deck(steps[deck_step].prompt_deck)
    prompts = (
        deck.get_set(steps[deck_step].prompt_set).prompts
        if steps[deck_step].prompt_set
        else deck.prompts
    )
    url = reverse("activities-step", args=[run.code])
    page = owner_client.get(url).content.decode()
    assert prompts[0] in page and "Reads aloud: <strong>Robin</strong>" in page
    act(owner_client, run, "favourite")
    act(owner_client, run, "pass")
    page = owner_client.get(url).content.decode()
    assert prompts[1] in page and "Reads aloud: <strong>Sam</strong>" in page
    run.refresh_from_db()
    assert len(run.favourites) == 1


def test_it_picks_up_the_questions_where_the_last_evening_stopped(owner_client, linked, guides):
    first = start(owner_client, "conversation-night")
    steps = guides["conversation-night"].steps
    Run.objects.filter(pk=first.pk).update(
        step=next(i for i, s in enumerate(steps) if s.prompt_deck)
    )
    act(owner_client, first, "pass")
    act(owner_client, first, "favourite")
    second = start(owner_client, "conversation-night")
    assert second.deck_position == Run.objects.get(pk=first.pk).deck_position
    assert len(second.favourites) == 1


def test_it_reshows_a_long_name_with_input_intact(owner_client, linked):
    response = owner_client.post(
        reverse("activities-start", args=["conversation-night"]),
        {"first_name": "Robin", "second_name": "x" * 41},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "40 characters or fewer" in page and 'value="Robin"' in page
    assert not Run.objects.exists()


def test_it_lets_a_couple_choose_a_themed_deck(owner_client, linked):
    run = start(owner_client, "themed-decks")
    steps = catalogue.activity_steps("themed-decks").steps
    choosing = next(i for i, s in enumerate(steps) if s.deck_kind)
    Run.objects.filter(pk=run.pk).update(step=choosing)
    assert act(owner_client, run, "choose", deck="no-such-deck").status_code == 400
    themed = next(d for d in catalogue.decks().values() if d.kind == steps[choosing].deck_kind)
    act(owner_client, run, "choose", deck=themed.id)
    page = owner_client.get(reverse("activities-step", args=[run.code])).content.decode()
    assert themed.sets[0].prompts[0] in page
