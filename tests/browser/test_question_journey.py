"""The one private question in real Chromium: help first, then the question. "No" keeps what
Robin shares in Sam's sight; leaving it unanswered protects, the question waits on Robin's
private notice, "Yes" there withdraws, and Robin can end it, with nothing coming back."""

from tests.browser.journey import PASSWORD, Journey
from tests.couples.helpers import answers, finished, link, normalise, share

VIEWPORT = {"width": 360, "height": 740}
CRISIS_LINE = "I want to kill myself tonight"


def test_the_question_and_both_answers(browser, site, django_user_model):
    robin_user = django_user_model.objects.create_user(
        "robin@example.org", PASSWORD, display_name="Robin", country="GB"
    )
    sam_user = django_user_model.objects.create_user(
        "sam@example.org", PASSWORD, display_name="Sam", country="GB"
    )
    couple = link(robin_user, sam_user)
    share(finished(robin_user, answers("lonely")), couple)
    share(finished(sam_user, answers("support")), couple)
    phones = [browser.new_context(viewport=VIEWPORT, bypass_csp=True) for _ in range(2)]
    try:
        robin = Journey(phones[0].new_page(), site)
        sam = Journey(phones[1].new_page(), site)
        robin.log_in("robin@example.org")
        sam.log_in("sam@example.org")
        walk_through(robin, sam, f"/couple/{couple.code}/report/")
    finally:
        for phone in phones:
            phone.close()


def _check_in(robin: Journey, line: str) -> None:
    robin.goto("/checkins/")
    robin.page.get_by_label("5", exact=True).check()
    robin.page.fill("input[name=note]", line)
    robin.click("Save my check-in")


def _seen_by_sam(sam: Journey, report: str) -> str:
    sam.goto(report)
    return normalise(sam.page.content(), "Robin", "Sam")


def walk_through(robin: Journey, sam: Journey, report: str) -> None:
    couple_report = _seen_by_sam(sam, report)
    assert "Where you see things differently" in couple_report or "<svg" in couple_report

    # Help comes first, then the question, in plain words.
    _check_in(robin, CRISIS_LINE)
    page = robin.page
    assert page.get_by_role("heading", name="You matter, and you are not alone").is_visible()
    content = page.content()
    assert content.index("Samaritans") < content.index("One private question")
    question = page.get_by_role(
        "group",
        name="Is what you wrote about your safety with someone close to you, "
        "or about ending your life?",
    )
    assert question.is_visible()

    # "No": nothing is withdrawn. Sam's page is just as it was, and never shows the line.
    robin.click("No, that's not what I meant")
    assert "Nothing has changed" in page.content()
    assert page.get_by_role("heading", name="Daily check-in").is_visible()
    assert _seen_by_sam(sam, report) == couple_report
    assert "kill myself" not in sam.page.content()

    # Written again and left unanswered: protected at once, the question waits on the notice.
    _check_in(robin, CRISIS_LINE + ", really")
    robin.click("Continue", role="link")
    robin.goto("/couple/")
    notice = page.get_by_role("region", name="Just for you")
    assert "Something you wrote in your daily check-in on" in notice.inner_text()
    hidden = _seen_by_sam(sam, report)
    assert hidden != couple_report  # Robin's scores are out of sight already
    assert "kill myself" not in hidden

    # "Yes", from the notice: withdrawn for good; then Robin ends it, and nothing comes back.
    notice.get_by_role("button", name="Yes", exact=True).click()
    page.wait_for_load_state()
    robin.check()
    assert "Nothing of yours is shared now" in page.content()
    robin.click("End this now")
    assert "Nothing that was shared before comes back by itself" in page.content()
    assert page.get_by_role("region", name="Just for you").count() == 0
    assert _seen_by_sam(sam, report) == hidden
    assert robin.violations == {} and sam.violations == {}
