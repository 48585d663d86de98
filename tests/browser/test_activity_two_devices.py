"""Two phones, one conversation night: the partner joins and both screens stay in step."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from attune.core import catalogue
from tests.browser.journey import Journey
from tests.conftest import make_person
from tests.couples.helpers import link

# Playwright waits up to this long for the other screen to follow; the budget (2 s) lives in
# bench/two_device.py, not here.
FOLLOW_MS = 10_000


def _on_step(journey: Journey, number: int, total: int) -> None:
    expect(journey.page.locator(".progress-label")).to_contain_text(
        f"Step {number} of {total}", timeout=FOLLOW_MS
    )
    journey.page.wait_for_load_state()


def _press(journey: Journey, name: str) -> None:
    journey.page.get_by_role("button", name=name, exact=True).first.click()
    journey.page.wait_for_load_state()


def test_two_phones_run_a_conversation_night_in_step(browser, site):
    link(
        make_person("robin@example.org", display_name="Robin"),
        make_person("sam@example.org", display_name="Sam"),
    )
    contexts = [
        browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
        for _ in range(2)
    ]
    robin, sam = (Journey(c.new_page(), site) for c in contexts)
    steps = catalogue.activity_steps("conversation-night").steps
    total = len(steps)

    robin.log_in("robin@example.org")
    robin.goto("/activities/conversation-night/")
    robin.page.check("input[name=mode][value=apart]")
    robin.click("Start")
    assert "Waiting for Sam to join" in robin.page.content()

    sam.log_in("sam@example.org")
    sam.goto("/activities/")
    assert "Robin has started Conversation night" in sam.page.content()
    sam.click("Join Conversation night")
    _on_step(sam, 1, total)
    # Robin's screen notices Sam has joined without a press.
    expect(robin.page.get_by_text("Waiting for Sam")).to_have_count(0, timeout=FOLLOW_MS)
    robin.check()

    _press(robin, "Next")
    _on_step(robin, 2, total)
    _on_step(sam, 2, total)
    sam.check()
    deck = sam.page.locator(".deck")
    assert "Reads aloud: Robin" in deck.inner_text()
    first_prompt = sam.page.locator(".prompt").inner_text()
    assert robin.page.locator(".prompt").inner_text() == first_prompt

    # Sam passes the question; Robin's screen shows the next one, read by Sam.
    _press(sam, "Pass")
    expect(robin.page.locator(".deck")).to_contain_text("Reads aloud: Sam", timeout=FOLLOW_MS)
    robin.page.wait_for_load_state()
    assert robin.page.locator(".prompt").inner_text() != first_prompt
    assert robin.page.locator(".prompt").inner_text() == sam.page.locator(".prompt").inner_text()

    # Sam's phone drops out in the middle (its page closes, perhaps while it was following
    # Robin) and comes back, from a fresh page, on the step they are both on.
    run_path = urlsplit(sam.page.url).path
    sam.page.close()
    _press(robin, "Done with the questions")
    _on_step(robin, 3, total)
    sam.page = contexts[1].new_page()
    sam.goto(run_path)
    _on_step(sam, 3, total)
    _press(sam, "Done with the questions")
    _on_step(robin, 4, total)
    _on_step(sam, 4, total)

    _press(robin, "Done with the questions")
    _on_step(sam, 5, total)
    _on_step(robin, 5, total)
    sam.check()
    _press(sam, "Finish")
    expect(robin.page.get_by_role("heading", name="Well done for making the time")).to_be_visible(
        timeout=FOLLOW_MS
    )
    robin.check()
    assert "Share this note with my partner" in robin.page.content()
    robin.page.fill("textarea[name=note]", "Sam's story about the lake made me smile.")
    robin.page.check("input[name=share]")
    robin.click("Save and finish")
    assert "You shared this note with your partner" in robin.page.content()

    sam.click("Save and finish")
    sam.goto("/activities/")
    assert "Sam's story about the lake made me smile." in sam.page.content()

    assert robin.violations == {} and sam.violations == {}
    for context in contexts:
        context.close()
