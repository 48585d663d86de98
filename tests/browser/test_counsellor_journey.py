"""A counsellor and a couple in three browsers: the space, each partner's own choices, homework,
the printed summary, one partner leaving, and protection changing nothing on the couple page."""

import re
from urllib.parse import urlparse

from attune.accounts.models import User
from attune.counsellors import services
from tests.browser.journey import Journey
from tests.couples.helpers import answers, finished, link

SIGN_NAMES = ("Feeling lonely together", "No one to lean on")


def _browser(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    return Journey(context.new_page(), site)


def _main_text(journey) -> str:
    return journey.page.locator("main").inner_text()


def test_a_counsellor_and_a_couple_between_sessions(browser, site):
    kim, robin, sam = (_browser(browser, site) for _ in range(3))
    for journey, email, name in (
        (kim, "kim@practice.example", "Kim"),
        (robin, "robin@example.org", "Robin"),
        (sam, "sam@example.org", "Sam"),
    ):
        journey.sign_up(email, name=name)
    services.make_counsellor(User.objects.get(email="kim@practice.example"), "Riverside")
    people = {p.display_name: p for p in User.objects.filter(display_name__in=("Robin", "Sam"))}
    link(people["Robin"], people["Sam"])
    checkups = {
        "Robin": finished(people["Robin"], answers("lonely")),
        "Sam": finished(people["Sam"], answers("support")),
    }

    # The counsellor opens a space and gets a code and a link.
    kim.goto("/counsellor/")
    kim.page.fill("input[name=label]", "Robin and Sam")
    kim.click("Open a space")
    space_url = kim.page.url
    code = re.search(r"Join code ([A-Z0-9]{4}-[A-Z0-9]{4})", _main_text(kim)).group(1)
    join_link = kim.page.locator("main code").inner_text()

    # Robin joins with the link, Sam types the code; joining shares nothing.
    assert join_link.endswith(f"/counsellor/join/{code.replace('-', '')}/")
    robin.goto(urlparse(join_link).path)
    robin.click("Join")
    assert "Nothing is shared until you choose" in robin.page.content()
    sam.goto("/counsellor/join/")
    sam.page.fill("input[name=code]", code.lower())
    sam.click("Continue")
    sam.click("Join")
    kim.page.goto(space_url)
    assert "Gaps show once both people share" in _main_text(kim)
    assert not re.search(
        r"\b\d{1,3}\b", kim.page.locator("table").first.inner_text().split("\n", 2)[-1]
    )

    # Each shares different things.
    robin.page.check("input[name=share_scores]")
    robin.page.check(f"input[name=checkups][value='{checkups['Robin'].code}']")
    robin.page.check("input[name=share_pulse]")
    robin.click("Save my choices")
    sam.page.check("input[name=share_scores]")
    sam.page.check(f"input[name=checkups][value='{checkups['Sam'].code}']")
    sam.page.check("input[name=share_activities]")
    sam.click("Save my choices")
    kim.goto(space_url.removeprefix(kim.site))
    page = _main_text(kim)
    assert "points apart" in page
    assert "Robin: the pulse is not shared" not in page and "Sam: the pulse is not shared" in page

    # Homework shows in both people's Next up, marked as the counsellor's.
    kim.page.select_option("select[name=activity]", "speaker-listener")
    kim.click("Suggest")
    for journey in (robin, sam):
        journey.goto("/")
        assert "Suggested by your counsellor at Riverside" in _main_text(journey)

    # The summary prints on one page, in black on white, without the site's frame.
    kim.click("Session summary to print", role="link")
    assert "Session summary: Robin and Sam" in kim.page.content()
    kim.page.emulate_media(media="print")
    assert not kim.page.locator(".quick-exit, .top-bar, .site-header").first.is_visible()
    pdf = kim.page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    kim.page.emulate_media(media="screen")

    # Robin becomes protected (a safety answer in a new check-up): the couple page is unchanged.
    kim.goto(space_url.removeprefix(kim.site))
    before = _main_text(kim)
    finished(people["Robin"], answers(abuse=True))
    kim.goto(space_url.removeprefix(kim.site))
    assert _main_text(kim) == before

    # Sam leaves: the counsellor's access to Sam ends at once.
    sam.goto("/counsellor/mine/")
    sam.click("Leave", role="link")
    sam.click("Leave now")
    kim.goto(space_url.removeprefix(kim.site))
    assert "People: Robin." in _main_text(kim)
    assert "Sam done" not in _main_text(kim) and "Sam not" not in _main_text(kim)
    assert kim.page.goto(kim.site + "/counsellor/").ok
    assert ">Sam<" not in kim.page.content()

    for journey in (kim, robin, sam):
        assert journey.violations == {}, journey.violations
