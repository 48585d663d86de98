"""axe-core finds no serious or critical violations on the skeleton's pages."""

import pytest

from tests.browser.conftest import axe_violations

PAGES = [
    "/",
    "/learn/",
    "/learn/signs/misunderstood/",
    "/learn/causes/abuse_neglect/",
    "/learn/strategies/listening/",
    "/learn/activities/speaker-listener/",
    "/help/?country=GB",
    "/help/quick-exit/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, site, path):
    page.goto(site + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_contrast_holds_in_both_schemes(browser, site, scheme):
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(site + "/help/?country=US")
    assert axe_violations(page) == []
    context.close()
