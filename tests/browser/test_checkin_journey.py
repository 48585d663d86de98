"""Two people in two browsers: Robin checks in and shares a need; Sam sees it on their home page."""

from attune.core.screen.screening import screen_text
from tests.browser.conftest import axe_violations
from tests.browser.journey import PASSWORD, Journey
from tests.couples.helpers import link

VIEWPORT = {"width": 360, "height": 740}
NOTE = "Rough meeting today, a hug later please"


def test_a_shared_need_reaches_the_partners_home_page(browser, site, django_user_model):
    robin_user = django_user_model.objects.create_user(
        "robin@example.org", PASSWORD, display_name="Robin", country="GB"
    )
    sam_user = django_user_model.objects.create_user(
        "sam@example.org", PASSWORD, display_name="Sam", country="GB"
    )
    link(robin_user, sam_user)
    assert screen_text(NOTE).tier == 0  # only a line the screen finds nothing in is shown
    phones = [browser.new_context(viewport=VIEWPORT, bypass_csp=True) for _ in range(2)]
    try:
        walk_through(Journey(phones[0].new_page(), site), Journey(phones[1].new_page(), site))
    finally:
        for phone in phones:
            phone.close()


def walk_through(robin: Journey, sam: Journey) -> None:
    robin.log_in("robin@example.org")
    sam.log_in("sam@example.org")

    # Robin finds the check-in from the home page, and fills it in with big, labelled targets.
    robin.goto("/")
    robin.click("Check in for today", role="link")
    assert robin.page.get_by_role("heading", name="Daily check-in").is_visible()
    assert axe_violations(robin.page) == []
    robin.page.get_by_label("7", exact=True).check()
    robin.page.get_by_label("Some closeness").check()
    robin.page.fill("input[name=note]", NOTE)
    assert not robin.page.get_by_label("Let my partner see what I need today").is_checked()
    robin.page.get_by_label("Let my partner see what I need today").check()
    robin.click("Save my check-in")
    assert "Your check-in for today is saved" in robin.page.content()
    assert robin.page.get_by_label("7", exact=True).is_checked()
    assert robin.page.locator("table").get_by_text("Some closeness").is_visible()

    sam.goto("/")
    page = sam.page.content()
    assert "Robin would like some closeness today." in page
    assert NOTE in page
    assert "out of 10" not in page  # the stress number was not shared
    assert robin.violations == {} and sam.violations == {}
