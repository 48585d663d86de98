"""Abuse written in a free-text field protects a person just as an abuse answer does.

What the partner then receives is compared, byte for byte, with a partner of someone who never
shared, in tests/test_partner_never_learns.py (a trigger there writes these same kinds of text
through the real pages). Here: the texts are what they claim to be, and the writer is helped.
"""

from django.test import Client
from django.urls import reverse

from attune.core.screen.screening import screen_text
from tests.checkups.helpers import CHECKUP, section_post
from tests.conftest import make_person
from tests.couples.helpers import answers, finished, link, share
from tests.safety.helpers import answer

# Read by the phrases, and only by the model; each must screen at tier 2 as abuse.
PHRASE_ABUSE = "My partner hits me when he is angry and I hide in the bathroom."
MODEL_ABUSE = "She reads all my messages and tells me who I am allowed to see."


def test_the_texts_are_abuse_at_tier_two_for_the_screen_in_use():
    # If the screen changes its mind on one of these, the walk no longer tests abuse text.
    for text in (PHRASE_ABUSE, MODEL_ABUSE):
        screened = screen_text(text)
        assert (screened.tier, screened.abuse) == (2, True), text
    assert screen_text(MODEL_ABUSE).layer == "model"


def test_the_writer_is_protected_and_sees_their_own_help(db):
    person = make_person("robin@example.org", display_name="Robin", country="GB")
    partner = make_person("sam@example.org", display_name="Sam", country="GB")
    couple = link(person, partner)
    share(finished(person, answers("lonely")), couple)
    client = Client()
    client.force_login(person)
    client.post(reverse("checkups-start"))
    checkup = person.checkups.filter(finished_at__isnull=True).get()
    client.post(
        reverse("checkups-own-words", args=[checkup.code]),
        {"text": PHRASE_ABUSE, "action": "continue"},
    )
    for number in range(1, len(CHECKUP.sections) + 1):
        client.post(reverse("checkups-section", args=[checkup.code, number]), section_post(number))
    client.post(reverse("checkups-note", args=[checkup.code]), {"note": "", "action": "finish"})
    page = client.get(reverse("checkups-report", args=[checkup.code])).content.decode()
    assert "Your safety comes first" in page and "Steps just for you" in page
    # Nothing is withdrawn before they answer the private question; "yes" withdraws it for good.
    assert couple.shares.filter(checkup__user=person, withdrawn_at__isnull=True).exists()
    answer(client, person, "yes")
    assert not couple.shares.filter(checkup__user=person, withdrawn_at__isnull=True).exists()
