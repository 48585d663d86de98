"""The one private question after free text at help first, and the private notice it leaves.

Yes or not sure protect as a positive screen does; no withdraws nothing and is kept with the
text in the export; no answer protects meanwhile and leaves the question open on the notice.
The person may end a protection that only their free text raised, and nothing comes back.
"""

import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from attune.accounts.models import User
from attune.couples.models import Share
from attune.progress.models import ProgressSettings
from attune.safety.care import is_protected
from attune.safety.models import CareNotice
from tests.activities.helpers import start as start_activity
from tests.checkups.helpers import CHECKUP, section_post
from tests.couples.helpers import answers, finished, share
from tests.safety.helpers import answer, waiting_notice

CRISIS_LINE = "I want to kill myself tonight"
HOME = reverse("couples-home")


def fresh(person) -> User:
    return User.objects.get(pk=person.pk)


def write_checkin(client, text: str = CRISIS_LINE):
    response = client.post(reverse("checkins-home"), {"stress": "5", "note": text})
    assert response.status_code == 302
    return response


def write_activity_note(client, text: str = CRISIS_LINE):
    run = start_activity(client, "self-compassion-break")
    return client.post(reverse("activities-finish", args=[run.code]), {"helped": "3", "note": text})


def write_own_words(client, person, text: str = CRISIS_LINE):
    client.post(reverse("checkups-start"))
    checkup = person.checkups.filter(finished_at__isnull=True).get()
    return client.post(
        reverse("checkups-own-words", args=[checkup.code]), {"text": text, "action": "continue"}
    )


def write_checkup_note(client, person, text: str = CRISIS_LINE):
    client.post(reverse("checkups-start"))
    checkup = person.checkups.filter(finished_at__isnull=True).get()
    client.post(reverse("checkups-own-words", args=[checkup.code]), {"text": "", "action": "skip"})
    for number in range(1, len(CHECKUP.sections) + 1):
        client.post(reverse("checkups-section", args=[checkup.code, number]), section_post(number))
    return client.post(
        reverse("checkups-note", args=[checkup.code]), {"note": text, "action": "finish"}
    )


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize(
    ("write", "named"),
    [
        (lambda c, p: write_checkin(c), "Something you wrote in your daily check-in on"),
        (lambda c, p: write_activity_note(c), "Something you wrote in a note after an activity on"),
        (write_own_words, "Something you wrote in your own words, at the start of a check-up on"),
        (write_checkup_note, "Something you wrote in the note at the end of your check-up on"),
    ],
)
def test_the_notice_names_the_kind_of_text_and_the_day(owner_client, owner, write, named):
    write(owner_client, owner)
    notice = waiting_notice(owner)
    page = text_of(owner_client.get(HOME))
    day = f"{notice.raised_at.day} {notice.raised_at:%B %Y}"
    assert f"{named} {day}" in page
    assert "answers in your" not in page and "latest check-up suggest" not in page
    # The question stays open on the notice, and the person may end it themself.
    assert "Is what you wrote about your safety with someone close to you" in page
    assert "End this now" in page


def test_the_notice_names_check_up_answers_when_they_raised_it(owner_client, owner):
    finished(owner, answers(abuse=True))
    page = text_of(owner_client.get(HOME))
    assert "Some answers in your check-up of" in page
    assert "End this now" not in page
    assert "Something you wrote" not in page


def test_the_check_in_page_names_the_check_in_too(owner_client, owner):
    write_checkin(owner_client)
    page = text_of(owner_client.get(reverse("checkins-home")))
    assert "Something you wrote in your daily check-in on" in page
    assert "latest check-up suggests" not in page


def test_help_comes_first_then_the_question(owner_client, owner):
    response = write_checkin(owner_client)
    page = text_of(owner_client.get(response["Location"]))
    assert page.index("Samaritans") < page.index("One private question")
    assert page.index("One private question") < page.index("Continue")
    for choice in ("Yes", "Not sure", "No, that's not what I meant"):
        assert choice in page


def test_no_withdraws_nothing_and_the_text_stays_private(owner_client, owner, member, linked):
    live = share(finished(owner), linked)
    ProgressSettings.objects.update_or_create(user=owner, defaults={"share_pulse": True})
    write_checkin(owner_client)
    assert is_protected(fresh(owner))  # until they answer
    answer(owner_client, owner, "no")
    assert not is_protected(fresh(owner))
    assert Share.objects.get(pk=live.pk).withdrawn_at is None
    assert ProgressSettings.objects.get(user=owner).share_pulse
    partner = Client()
    partner.force_login(member)
    home = partner.get(HOME).content.decode()
    assert "kill myself" not in home
    assert "Stop sharing and unlink" not in owner_client.get(HOME).content.decode()


def test_no_is_kept_with_the_text_in_the_export(owner_client, owner):
    write_checkin(owner_client)
    answer(owner_client, owner, "no")
    data = json.loads(owner_client.get(reverse("privacy-export-json")).content)
    checkin = data["checkins"][0]
    [notice] = data["care_notices"]
    assert (notice["source"], notice["text"], notice["answer"]) == (
        "checkin",
        checkin["code"],
        "no",
    )
    assert notice["answered_at"] and not notice["ended_at"]
    assert checkin["note_answer"] == "no"  # and beside the line itself
    page = text_of(owner_client.get(reverse("privacy-export-html")))
    assert "No, that's not what I meant" in page and checkin["code"] in page
    assert "You told us it was not about your safety" in page


def test_no_on_a_check_up_note_lets_the_check_up_be_shared(owner_client, owner, linked):
    write_checkup_note(owner_client, owner)
    checkup = owner.checkups.get()
    answer(owner_client, owner, "no")
    owner_client.post(reverse("couples-share", args=[checkup.code]), {"action": "share"})
    assert Share.objects.filter(checkup=checkup, withdrawn_at__isnull=True).exists()


@pytest.mark.parametrize("given", ["yes", "not_sure"])
def test_yes_and_not_sure_protect_and_withdraw_for_good(owner_client, owner, linked, given):
    live = share(finished(owner), linked)
    write_activity_note(owner_client)
    answer(owner_client, owner, given)
    assert is_protected(fresh(owner))
    assert Share.objects.get(pk=live.pk).withdrawn_at is not None
    assert CareNotice.objects.get(user=owner).answer == given


def test_no_answer_protects_and_keeps_the_question_open(owner_client, owner, linked):
    live = share(finished(owner), linked)
    write_own_words(owner_client, owner)
    # They leave the help page without answering, and even finish the check-up calmly.
    checkup = owner.checkups.get(finished_at__isnull=True)
    for number in range(1, len(CHECKUP.sections) + 1):
        owner_client.post(
            reverse("checkups-section", args=[checkup.code, number]), section_post(number)
        )
    owner_client.post(
        reverse("checkups-note", args=[checkup.code]), {"note": "", "action": "finish"}
    )
    assert is_protected(fresh(owner))
    owner_client.post(reverse("couples-share", args=[live.checkup.code]), {"action": "share"})
    assert not Share.objects.filter(withdrawn_at__isnull=True).exclude(pk=live.pk).exists()
    assert waiting_notice(owner).source == "own_words"
    assert "One private question" in owner_client.get(HOME).content.decode()


def test_an_answered_question_cannot_be_answered_again(owner_client, owner, linked):
    share(finished(owner), linked)
    write_checkin(owner_client)
    notice = waiting_notice(owner)
    answer(owner_client, owner, "yes")
    owner_client.post(reverse("safety-question", args=[notice.code]), {"answer": "no"})
    assert CareNotice.objects.get(pk=notice.pk).answer == "yes"
    assert is_protected(fresh(owner))


def test_ending_it_restores_nothing_that_was_shared(owner_client, owner, linked):
    live = share(finished(owner), linked)
    ProgressSettings.objects.update_or_create(user=owner, defaults={"share_pulse": True})
    write_checkin(owner_client)
    answer(owner_client, owner, "yes")
    response = owner_client.post(reverse("safety-end-care"), {"next": HOME})
    assert response.status_code == 302 and response["Location"] == HOME
    assert not is_protected(fresh(owner))
    assert Share.objects.get(pk=live.pk).withdrawn_at is not None
    assert not ProgressSettings.objects.get(user=owner).share_pulse
    page = text_of(owner_client.get(HOME))
    assert "Nothing that was shared before comes back by itself" in page
    assert CareNotice.objects.get(user=owner).ended_at is not None


def test_ending_with_the_question_still_open_withdraws_first(owner_client, owner, linked):
    live = share(finished(owner), linked)
    write_checkin(owner_client)
    owner_client.post(reverse("safety-end-care"))
    assert not is_protected(fresh(owner))
    assert Share.objects.get(pk=live.pk).withdrawn_at is not None


def test_it_may_not_be_ended_when_a_check_up_answer_raised_it(owner_client, owner, linked):
    finished(owner, answers(abuse=True))
    write_checkin(owner_client)
    owner_client.post(reverse("safety-end-care"))
    assert is_protected(fresh(owner))


def test_it_may_not_be_ended_when_a_check_up_answer_raised_it_after_the_text(
    owner_client, owner, linked
):
    write_checkin(owner_client)
    answer(owner_client, owner, "no")
    finished(owner, answers(crisis=True))
    write_activity_note(owner_client)
    assert "End this now" not in owner_client.get(HOME).content.decode()
    owner_client.post(reverse("safety-end-care"))
    assert is_protected(fresh(owner))


def test_ending_is_post_only_with_a_csrf_token_and_signed_in(owner_client, owner, linked):
    write_checkin(owner_client)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    url = reverse("safety-end-care")
    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403  # no CSRF token
    anonymous = Client()
    response = anonymous.post(url)
    assert response.status_code == 302 and reverse("accounts-login") in response["Location"]
    assert is_protected(fresh(owner))


def test_the_question_refuses_strangers_anonymous_and_forged_answers(owner, outsider):
    writer = Client()
    writer.force_login(owner)
    write_checkin(writer)
    url = reverse("safety-question", args=[waiting_notice(owner).code])
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"answer": "no"}).status_code == 404
    response = Client().post(url, {"answer": "no"})
    assert response.status_code == 302 and reverse("accounts-login") in response["Location"]
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(owner)
    assert forged.post(url, {"answer": "no"}).status_code == 403
    assert writer.put(url).status_code == 405
    assert waiting_notice(owner).answer == ""


def test_a_line_written_again_after_yes_keeps_the_answer_and_can_still_be_ended(
    owner_client, owner, linked
):
    write_checkin(owner_client)
    answer(owner_client, owner, "yes")
    write_checkin(owner_client, CRISIS_LINE + ", still")  # the same day's check-in, saved again
    assert CareNotice.objects.get(user=owner).answer == "yes"
    assert "End this now" in owner_client.get(HOME).content.decode()
    owner_client.post(reverse("safety-end-care"))
    assert not is_protected(fresh(owner))
