"""Progress in real Chromium: take a pulse and see it on the trend page; the demo's twelve weeks."""

from tests.browser.journey import Journey
from tests.progress.helpers import PULSE, SIGNS


def dots_per_chart(page) -> list[int]:
    return [
        (page.locator(f"#trend-{sign} .chart-dots").get_attribute("d") or "").count("h0")
        for sign in SIGNS
    ]


def test_take_a_pulse_and_see_the_trend_page(page, site):
    me = Journey(page, site)
    me.sign_up("pulse@example.org")
    me.goto("/progress/pulse/")
    # Leave the first question out: the page comes back with the others kept.
    first, *others = PULSE.items
    for item in others:
        page.check(f"input[name={item.id}][value='3']")
    me.click("Save my pulse")
    assert "There is a problem" in page.content()
    assert page.is_checked(f"input[name={others[0].id}][value='3']")
    page.check(f"input[name={first.id}][value='1']")
    me.click("Save my pulse")
    assert page.get_by_role("heading", name="Your trends").is_visible()
    assert "Your pulse for this week is saved" in page.content()
    assert dots_per_chart(page) == [1] * len(SIGNS)
    assert "One week so far" in page.content()
    me.goto("/progress/reminders/")
    assert me.violations == {}


def test_with_the_demo_data_each_sign_shows_twelve_weeks(page, site):
    from attune.cli.demo import populate

    logins, _ = populate()
    email, password = logins[0]
    me = Journey(page, site)
    me.log_in(email, password)
    me.goto("/progress/")
    assert dots_per_chart(page) == [12] * len(SIGNS)
    assert page.locator(".chart-mark").count() == 2 * len(SIGNS)
    assert page.locator(".trend-sentence").count() == len(SIGNS)
    assert me.violations == {}
