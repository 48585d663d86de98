"""The individual journey in real Chromium: sign up, take the check-up with a pause, read the
report, open history, export, delete, and fail to log in again; the crisis and discreet journeys."""

import json
from pathlib import Path

from tests.browser.journey import CHECKUP, PASSWORD, Journey


def test_the_whole_individual_journey(page, site):
    me = Journey(page, site)
    me.sign_up("robin@example.org")
    assert "Hello, Robin" in page.content()
    me.click("Take the check-up")
    me.click("Skip")  # the optional "in your own words" box
    me.answer_section(1)
    me.click("Next")
    me.answer_section(2)
    me.click("Next")
    # A pause in the middle: save, log out, come back later.
    me.click("Save and finish later")
    assert "pick up where you left off" in page.content()
    me.log_out()
    me.log_in("robin@example.org")
    me.click("Continue my check-up")
    assert "Section 3 of" in page.content()
    me.click("Back")
    first = CHECKUP.sections[1].items[0]
    assert page.is_checked(
        f"input[name={first.id}][value='{first.values[len(first.values) // 2]}']"
    )
    me.click("Next")
    for number in range(3, len(CHECKUP.sections) + 1):
        me.answer_section(number)
        me.click("Next")
    page.fill("textarea[name=note]", "We went for a long walk on Sunday.")
    me.click("See my report")
    assert page.get_by_role("heading", name="Your check-up report").is_visible()
    assert page.locator(".chart svg").count() >= 1
    assert "Your plan: three things to try" in page.content()

    me.goto("/checkups/")
    assert page.locator("table a").count() >= 1

    me.goto("/privacy/export/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download a file (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert "robin@example.org" in json.dumps(exported)
    assert "long walk on Sunday" in json.dumps(exported)

    me.goto("/privacy/delete/")
    page.fill("input[name=password]", PASSWORD)
    me.click("Delete my account and everything in it")
    assert "has been deleted" in page.content()

    me.log_in("robin@example.org")
    assert page.url.startswith(site + "/account/login/")
    assert me.violations == {}


def test_a_crisis_answer_sees_help_lines_before_anything_else(page, site):
    me = Journey(page, site)
    me.sign_up("sam@example.org", name="Sam", country="US")
    me.click("Take the check-up")
    me.click("Skip")  # the optional "in your own words" box
    crisis = CHECKUP.items_for("crisis")[0]
    crisis_section = next(n for n, s in enumerate(CHECKUP.sections, 1) if crisis in s.items)
    for number in range(1, crisis_section + 1):
        overrides = {crisis.id: crisis.highest} if number == crisis_section else None
        me.answer_section(number, overrides)
        me.click("Next")
    assert page.get_by_role("heading", name="You matter, and you are not alone").is_visible()
    assert "988" in page.content()
    me.click("Continue", role="link")
    assert f"Section {crisis_section + 1} of" in page.content()
    assert me.violations == {}


def test_discreet_mode_gives_every_page_a_neutral_title_and_icon(page, site):
    me = Journey(page, site)
    me.sign_up("alex@example.org", name="Alex")
    assert "Attune" in page.title()
    me.goto("/account/settings/")
    page.check("input[name=discreet]")
    me.click("Save settings")
    for path in ("/", "/checkups/", "/learn/", "/help/"):
        me.goto(path)
        assert page.title() == "Notes"
        icon = page.locator("link[rel=icon]").get_attribute("href")
        assert "neutral" in icon
        assert "Attune" not in page.locator("header").inner_text()
    assert me.violations == {}
