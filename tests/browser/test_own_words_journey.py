"""The "In your own words" box in real Chromium: a suggestion confirmed and its section marked,
and crisis words that bring people to talk to before anything else."""

from tests.browser.journey import PASSWORD, Journey

UNHEARD = "When I tell my partner about my day, they look at their phone instead."


def _sign_up_and_start(me: Journey, email: str) -> None:
    # Straight to the check-ups page: the journeys in test_journeys.py cover the home page.
    me.page.goto(me.site + "/account/signup/")
    me.page.fill("input[name=email]", email)
    me.page.fill("input[name=password1]", PASSWORD)
    me.page.fill("input[name=password2]", PASSWORD)
    me.page.fill("input[name=display_name]", "Robin")
    me.page.select_option("select[name=country]", "GB")
    me.page.get_by_role("button", name="Create account").click()
    me.page.wait_for_load_state()
    me.confirm_sign_up(email)
    me.goto("/checkups/")
    me.click("Start a new check-up")


def test_words_become_a_question_and_the_confirmed_section_is_marked(page, site):
    me = Journey(page, site)
    _sign_up_and_start(me, "words@example.org")
    assert page.get_by_role("heading", name="Before the questions").is_visible()
    page.get_by_label("In your own words, what is going on? (optional)").fill(UNHEARD)
    me.click("Continue")
    question = page.get_by_role("group", name="It sounds like you may feel unheard")
    assert question.is_visible()
    question.get_by_label("Yes").check()
    me.click("Continue to the questions")
    assert "Section 1 of" in page.content()
    assert "You mentioned this" not in page.content()
    me.answer_section(1)
    me.click("Next")
    assert "Section 2 of" in page.content()
    assert page.locator(".mentioned-tag").inner_text() == "You mentioned this"
    assert me.violations == {}


def test_crisis_words_bring_people_to_talk_to_first_and_a_way_on(page, site):
    me = Journey(page, site)
    _sign_up_and_start(me, "crisis-words@example.org")
    page.get_by_label("In your own words, what is going on? (optional)").fill(
        "Honestly I want to kill myself."
    )
    me.click("Continue")
    assert page.get_by_role("heading", name="You matter, and you are not alone").is_visible()
    assert "Samaritans" in page.content()
    assert "Is that right?" not in page.content()
    me.click("Continue", role="link")
    assert "Section 1 of" in page.content()
    assert me.violations == {}


def test_skip_goes_straight_to_the_questions(page, site):
    me = Journey(page, site)
    _sign_up_and_start(me, "skip@example.org")
    me.click("Skip")
    assert "Section 1 of" in page.content()
    assert me.violations == {}
