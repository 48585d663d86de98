"""Running activities in the browser: a solo exercise, and a couple's evening on one phone."""

import pytest

from attune.core import catalogue
from tests.browser.journey import Journey
from tests.conftest import make_person
from tests.couples.helpers import link


@pytest.fixture
def guides():
    return catalogue.activities()


def _walk_steps(me: Journey, total: int) -> None:
    for number in range(1, total + 1):
        assert f"Step {number} of {total}" in me.page.content()
        me.click("Finish" if number == total else "Next")


def test_one_person_runs_a_solo_exercise_end_to_end(page, site, guides):
    me = Journey(page, site)
    me.sign_up("solo@example.org")
    me.goto("/activities/")
    me.click("A kind pause", role="link")
    me.click("Start")
    steps = guides["self-compassion-break"].steps
    for number, step in enumerate(steps, 1):
        assert f"Step {number} of {len(steps)}" in page.content()
        if step.timer_minutes:
            # The countdown comes from the static script; without it the minutes are stated.
            assert page.locator(".timer-clock").is_visible()
            page.get_by_role("button", name="Start the timer").click()
        me.click("Finish" if number == len(steps) else "Next")
    assert "Did this help?" in page.content()
    page.check("input[name=helped][value='4']")
    page.fill("textarea[name=note]", "We laughed about the holiday.")
    me.click("Save and finish")
    assert "We laughed about the holiday." in page.content()
    assert "helped 4 out of 5" in page.content()
    me.goto("/")
    assert "This week you have done 1 activity." in page.content()
    assert me.violations == {}


def test_a_couple_runs_a_conversation_night_on_one_device(page, site, guides):
    robin = make_person("robin@example.org", display_name="Robin")
    link(robin, make_person("sam@example.org", display_name="Sam"))
    me = Journey(page, site)
    me.log_in("robin@example.org")
    me.goto("/activities/conversation-night/")
    page.fill("input[name=first_name]", "Robin")
    page.fill("input[name=second_name]", "Sam")
    me.click("Start")
    steps = guides["conversation-night"].steps
    for number, step in enumerate(steps, 1):
        assert f"Step {number} of {len(steps)}" in page.content()
        if step.prompt_deck:
            assert "Reads aloud: Robin" in page.locator(".deck").inner_text()
            page.get_by_role("button", name="Favourite").click()
            page.wait_for_load_state()
            assert (
                page.get_by_role("button", name="Favourite").get_attribute("aria-pressed") == "true"
            )
            me.click("Pass")
            assert "Reads aloud: Sam" in page.locator(".deck").inner_text()
            page.reload()
            assert "Reads aloud: Sam" in page.locator(".deck").inner_text()
            me.click("Finish" if number == len(steps) else "Done with the questions")
        else:
            if step.turn:
                assert "Whose turn" in page.content()
            me.click("Finish" if number == len(steps) else "Next")
    me.click("Save and finish")
    assert "Your favourite questions" in page.content()
    assert me.violations == {}
