"""Running an activity: one step a page, a timer, decks, the closing question and the note; then
the runner's rules (attune.activities.runner) called directly, as either screen would show them."""

from django.urls import reverse

from attune.accounts.crypto import decrypt
from attune.activities import runner
from attune.activities.models import Run, SharedRun
from attune.activities.runner import Press
from attune.core import catalogue
from attune.safety import freetext
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


NIGHT = "conversation-night"
SOLO = "self-compassion-break"
NO_NAMES = ("", "")


def _place(run: Run) -> runner.Place:
    """The run as a page loaded now reads it."""
    fresh = Run.objects.select_related("shared__started_by", "shared__partner").get(pk=run.pk)
    return runner.Place(fresh, catalogue.activity_steps(run.activity_id))


def _press(run: Run, action: str, **extra) -> bool:
    return runner.move(_place(run), Press(action, **extra))


def _deck(run: Run, person) -> dict:
    place = _place(run)
    return place.deck(runner.names_of(place.run, person))


def _for_two(owner, member) -> tuple[Run, Run]:
    mine = runner.start(owner, NIGHT, Run.APART, NO_NAMES, member)
    return mine, runner.join(member, mine.shared)


def test_after_pass_on_one_phone_the_other_partner_reads_aloud_on_both(owner, member, linked):
    mine, theirs = _for_two(owner, member)
    assert _press(theirs, "next")
    first = _deck(mine, owner)
    assert first["reader"] == "Robin" and _deck(theirs, member)["reader"] == "Robin"
    assert _press(theirs, "pass")
    for run, person in ((mine, owner), (theirs, member)):
        after = _deck(run, person)
        assert after["reader"] == "Sam" and after["prompt"] != first["prompt"]


def test_next_on_the_last_step_leads_to_the_closing_question(owner):
    run = runner.start(owner, SOLO, Run.SOLO, NO_NAMES)
    Run.objects.filter(pk=run.pk).update(step=len(catalogue.activity_steps(SOLO).steps) - 1)
    place = _place(run)
    assert place.last and not place.past_end
    assert runner.move(place, Press("next"))
    assert place.past_end and _place(run).past_end


def test_back_on_the_first_step_stays_on_it(owner):
    run = runner.start(owner, SOLO, Run.SOLO, NO_NAMES)
    assert _press(run, "back")
    assert _place(run).number == 1


def test_a_screen_that_was_behind_must_catch_up_before_its_press_counts(owner, member, linked):
    mine, theirs = _for_two(owner, member)
    shown = str(_place(theirs).state.version)
    assert _press(mine, "next")
    now = str(_place(theirs).state.version)
    assert runner.behind(_place(theirs), Press("back", version=shown))
    assert not runner.behind(_place(theirs), Press("back", version=now))


def test_of_two_presses_at_once_the_second_does_not_undo_the_first(owner, member, linked):
    mine, theirs = _for_two(owner, member)
    sams_screen = _place(theirs)
    assert _press(mine, "next")
    assert not runner.move(sams_screen, Press("back"))
    assert _place(mine).number == 2 and _place(theirs).number == 2


def test_joining_again_finds_the_same_run_and_moves_the_version_once(owner, member, linked):
    mine = runner.start(owner, NIGHT, Run.APART, NO_NAMES, member)
    # Both joins read the invitation before either was saved: it says nobody has joined.
    first, again = runner.join(member, mine.shared), runner.join(member, mine.shared)
    assert first.pk == again.pk
    shared = SharedRun.objects.get(pk=mine.shared_id)
    assert shared.joined_at is not None and shared.version == 2


def test_a_second_favourite_unmarks_it_and_the_next_evening_keeps_the_place(owner, linked):
    run = runner.start(owner, NIGHT, Run.TOGETHER, NO_NAMES)
    assert _press(run, "next") and _press(run, "favourite") and _press(run, "favourite")
    assert not _deck(run, owner)["favourite"]
    assert _press(run, "favourite") and _press(run, "pass")
    later = runner.start(owner, NIGHT, Run.TOGETHER, NO_NAMES)
    assert _press(later, "next")
    assert _deck(later, owner)["prompt_number"] == 2 and len(later.favourites) == 1


def test_only_a_deck_the_step_offers_is_chosen_and_leaving_the_step_clears_it(owner, linked):
    run = runner.start(owner, "themed-decks", Run.TOGETHER, NO_NAMES)
    steps = catalogue.activity_steps("themed-decks").steps
    Run.objects.filter(pk=run.pk).update(step=next(i for i, s in enumerate(steps) if s.deck_kind))
    place = _place(run)
    themed = place.choices[0]
    assert not runner.allowed(place, Press("choose", deck="no-such-deck"))
    assert runner.allowed(place, Press("choose", deck=themed.id))
    assert runner.move(place, Press("choose", deck=themed.id))
    assert _deck(run, owner)["deck"].id == themed.id
    assert _press(run, "next") and _press(run, "back")
    assert _place(run).deck(None) is None


def test_back_from_the_closing_question_brings_both_to_the_last_step(owner, member, linked):
    mine, theirs = _for_two(owner, member)
    steps = catalogue.activity_steps(NIGHT)
    SharedRun.objects.filter(pk=mine.shared_id).update(step=len(steps.steps))
    runner.back_to_last_step(_place(theirs).run, steps, linked)
    assert _place(mine).last and not _place(mine).past_end


def test_back_from_the_closing_question_moves_nothing_once_unlinked(owner, member, linked):
    mine, theirs = _for_two(owner, member)
    steps = catalogue.activity_steps(NIGHT)
    SharedRun.objects.filter(pk=mine.shared_id).update(step=len(steps.steps))
    runner.back_to_last_step(_place(theirs).run, steps, None)
    assert _place(mine).past_end


def test_a_finished_run_stays_finished_when_back_is_pressed(owner):
    run = runner.start(owner, SOLO, Run.SOLO, NO_NAMES)
    runner.finish(run, 4, freetext.write(owner, ""), False, None)
    runner.back_to_last_step(_place(run).run, catalogue.activity_steps(SOLO), None)
    place = _place(run)
    assert place.run.finished and place.number == 1 and place.run.helped == 4


def test_finishing_for_two_keeps_where_the_questions_got_to_for_next_evening(owner, member, linked):
    mine, theirs = _for_two(owner, member)
    assert _press(theirs, "next") and _press(theirs, "pass") and _press(theirs, "favourite")
    runner.finish(_place(mine).run, None, freetext.write(owner, ""), False, linked)
    later = runner.start(owner, NIGHT, Run.TOGETHER, NO_NAMES)
    assert _press(later, "next")
    deck = _deck(later, owner)
    assert deck["prompt_number"] == 2 and deck["favourite"]


def test_together_the_typed_names_take_turns_and_a_blank_one_is_the_persons_own(owner, linked):
    run = runner.start(owner, NIGHT, Run.TOGETHER, ("", "Ben"))
    place = _place(run)
    names = runner.names_of(place.run, owner)
    assert names == ("Robin", "Ben")
    assert runner.turn(place.current, names) == "Both of you"
    assert _press(run, "next") and _press(run, "pass")
    assert _deck(run, owner)["reader"] == "Ben"


def test_alone_nobody_is_named_and_no_turn_is_told(owner):
    run = runner.start(owner, NIGHT, Run.SOLO, NO_NAMES)
    place = _place(run)
    assert runner.names_of(place.run, owner) is None
    assert runner.turn(place.current, None) is None
