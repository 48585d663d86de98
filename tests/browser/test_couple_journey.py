"""Two people in two browsers: invite, accept, share, read the couple report, then unlink."""

from attune.accounts.models import User
from attune.core.couple import gap_prompts
from tests.browser.journey import Journey
from tests.couples.helpers import answers, finished


def test_the_whole_couple_journey(browser, site):
    robin_context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    sam_context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    robin = Journey(robin_context.new_page(), site)
    sam = Journey(sam_context.new_page(), site)

    robin.sign_up("robin@example.org", name="Robin")
    robin.goto("/couple/")
    robin.click("Make an invitation link")
    invitation = robin.page.input_value("#new-link")
    assert "/couple/join/" in invitation

    # Sam has no account yet: the invitation says who invites and offers a way in.
    sam.page.goto(invitation)
    sam.check()
    assert "Robin invites you to link up" in sam.page.content()
    assert sam.page.get_by_role("link", name="Create an account").is_visible()
    sam.sign_up("sam@example.org", name="Sam")
    sam.page.goto(invitation)
    sam.click("Link with Robin")
    assert "You and Robin are now linked." in sam.page.content()

    # Both take the check-up (made directly, for speed; the individual journey drives the form).
    codes = {}
    for email, given in (("robin@example.org", answers("lonely")), ("sam@example.org", answers())):
        codes[email] = finished(User.objects.get(email=email), given).code
    for journey, email in ((robin, "robin@example.org"), (sam, "sam@example.org")):
        journey.goto(f"/checkups/{codes[email]}/")
        journey.click("Share or stop sharing this check-up", role="link")
        journey.click("Share the five sign scores")
        assert "are shared" in journey.page.content()

    for journey in (robin, sam):
        journey.goto("/couple/")
        journey.click("See your couple report", role="link")
        page = journey.page.content()
        assert "Where you see things differently" in page
        assert all(prompt in page for prompt in gap_prompts().for_sign("lonely"))
    report_url = robin.page.url

    sam.goto("/couple/")
    sam.click("Unlink from Robin", role="link")
    sam.click("Unlink now")
    assert "Done. You are no longer linked" in sam.page.content()
    assert "Something new" not in sam.page.content()

    # Robin loses access at once, and sees only a neutral notice.
    response = robin.page.goto(report_url)
    assert response.status == 404
    robin.goto("/couple/")
    assert "You are no longer linked with a partner" in robin.page.content()

    assert robin.violations == {} and sam.violations == {}
    robin_context.close()
    sam_context.close()


def test_the_private_and_dead_end_pages_pass_axe(page, site):
    me = Journey(page, site)
    me.sign_up("robin@example.org", name="Robin")
    finished(User.objects.get(email="robin@example.org"), answers(abuse=True))
    me.goto("/couple/")
    assert "Just for you" in page.content()
    me.goto("/couple/api-token/")
    me.click("Make a token")
    assert page.input_value("#new-token").startswith("att_")
    response = page.goto(site + "/couple/join/not-a-real-invitation/")
    me.check()
    assert response.status == 404 and "This link does not work" in page.content()
    assert me.violations == {}
