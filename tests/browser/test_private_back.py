"""On a shared device, Back after logging out or the quick exit shows nothing private."""

import pytest

from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS
from tests.browser.journey import Journey
from tests.conftest import make_person

NAME = "Wrenfield"


@pytest.fixture(scope="module")
def browser(playwright):
    """Chromium as people have it: Playwright turns the back-forward cache off by default, and
    that cache is what would bring a private page back on Back."""
    instance = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=LAUNCH_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield instance
    instance.close()


def _signed_in_on_a_private_page(page, site) -> Journey:
    make_person("wren@example.org", display_name=NAME, country="GB")
    journey = Journey(page, site)
    journey.log_in("wren@example.org")
    journey.page.goto(site + "/help/")
    journey.page.goto(site + "/account/settings/")
    assert NAME in journey.page.content()
    return journey


def test_back_after_logging_out_shows_nothing_private(page, site):
    journey = _signed_in_on_a_private_page(page, site)
    journey.open_menu()
    journey.page.get_by_role("button", name="Log out").click()
    journey.page.wait_for_load_state()
    journey.page.go_back(wait_until="commit")
    journey.page.wait_for_timeout(500)
    assert NAME not in journey.page.content()
    assert "/account/login/" in journey.page.url


def test_back_after_the_quick_exit_shows_nothing_private(page, site, neutral_site):
    journey = _signed_in_on_a_private_page(page, site)
    journey.page.goto(site + "/account/settings/")
    journey.page.click("#quick-exit")
    journey.page.wait_for_url(neutral_site)
    journey.page.go_back(wait_until="commit")
    journey.page.wait_for_timeout(500)
    assert NAME not in journey.page.content()
