"""Taking the check-up: one section per page, Back and Next, save and resume, bad input."""

import pytest
from django.urls import reverse

from attune.checkups.models import Checkup
from attune.safety.models import CareNotice
from tests.checkups.helpers import CHECKUP, section_of, section_post, unhealthy_value

STEPS = len(CHECKUP.sections) + 1


def start(client) -> Checkup:
    response = client.post(reverse("checkups-start"))
    assert response.status_code == 302
    return Checkup.objects.latest("started_at")


def section_url(checkup, number):
    return reverse("checkups-section", args=[checkup.code, number])


def test_it_starts_at_section_one_with_a_progress_bar(owner_client):
    checkup = start(owner_client)
    page = owner_client.get(section_url(checkup, 1))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Section 1 of {STEPS}" in text
    for item in CHECKUP.sections[0].items:
        assert item.text in text.replace("&#x27;", "'")


def test_next_saves_the_section_and_moves_on(owner_client):
    checkup = start(owner_client)
    response = owner_client.post(section_url(checkup, 1), section_post(1))
    assert response.status_code == 302 and response.url == section_url(checkup, 2)
    checkup.refresh_from_db()
    assert checkup.sections_done == 1
    assert set(checkup.answers) == {i.id for i in CHECKUP.sections[0].items}


def test_a_skipped_required_item_reshows_the_page_with_every_answer_intact(owner_client):
    checkup = start(owner_client)
    required = next(i for i in CHECKUP.sections[0].items if not i.optional)
    other = next(i for i in CHECKUP.sections[0].items if i.id != required.id)
    data = section_post(1)
    del data[required.id]
    data[other.id] = str(other.values[1])
    page = owner_client.post(section_url(checkup, 1), data)
    assert page.status_code == 400
    text = page.content.decode()
    assert "There is a problem" in text and "Choose an answer to this question." in text
    assert (
        f'name="{other.id}" value="{other.values[1]}" required id="id_{other.id}_1" checked' in text
        or (f'value="{other.values[1]}"' in text and "checked" in text)
    )
    checkup.refresh_from_db()
    assert checkup.answers == {} and checkup.sections_done == 0


def test_a_tampered_value_saves_nothing(owner_client):
    checkup = start(owner_client)
    first = CHECKUP.sections[0].items[0]
    page = owner_client.post(section_url(checkup, 1), section_post(1, **{first.id: 99}))
    assert page.status_code == 400
    assert "not one of the choices" in page.content.decode()
    checkup.refresh_from_db()
    assert checkup.answers == {}


def test_sensitive_items_can_be_skipped_and_say_why(owner_client):
    checkup = start(owner_client)
    number = section_of("affection")
    for n in range(1, number):
        owner_client.post(section_url(checkup, n), section_post(n))
    affection = CHECKUP.items_for("affection")
    text = owner_client.get(section_url(checkup, number)).content.decode().replace("&#x27;", "'")
    assert all(item.why in text for item in affection)
    data = section_post(number)
    for item in affection:
        del data[item.id]
    response = owner_client.post(section_url(checkup, number), data)
    assert response.status_code == 302


def test_save_and_finish_later_then_resume_where_you_stopped(owner_client):
    checkup = start(owner_client)
    owner_client.post(section_url(checkup, 1), section_post(1))
    partial = {k: v for k, v in section_post(2, action="save").items()}
    kept = CHECKUP.sections[1].items[0]
    response = owner_client.post(section_url(checkup, 2), partial)
    assert response.status_code == 302 and response.url == reverse("web-home")
    home = owner_client.get(reverse("web-home")).content.decode()
    assert "Continue my check-up" in home
    resumed = owner_client.post(reverse("checkups-start"))
    assert resumed.url == section_url(checkup, 2)
    page = owner_client.get(resumed.url).content.decode()
    assert "checked" in page and f'name="{kept.id}"' in page
    assert Checkup.objects.count() == 1


def test_back_keeps_what_was_answered_and_goes_back(owner_client):
    checkup = start(owner_client)
    owner_client.post(section_url(checkup, 1), section_post(1))
    data = section_post(2, action="back")
    first = CHECKUP.sections[1].items[0]
    data = {"action": "back", first.id: data[first.id]}
    response = owner_client.post(section_url(checkup, 2), data)
    assert response.url == section_url(checkup, 1)
    checkup.refresh_from_db()
    assert checkup.answers[first.id] == int(data[first.id])


def test_it_does_not_let_you_jump_ahead(owner_client):
    checkup = start(owner_client)
    response = owner_client.get(section_url(checkup, 5))
    assert response.status_code == 302 and response.url == section_url(checkup, 1)


def test_a_crisis_answer_shows_help_lines_before_anything_else(owner_client):
    checkup = start(owner_client)
    number = section_of("crisis")
    for n in range(1, number):
        owner_client.post(section_url(checkup, n), section_post(n))
    crisis = CHECKUP.items_for("crisis")[0]
    response = owner_client.post(
        section_url(checkup, number), section_post(number, **{crisis.id: unhealthy_value(crisis)})
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("checkups-support", args=[checkup.code]))
    page = owner_client.get(response.url).content.decode()
    assert "You matter" in page and "Samaritans" in page
    assert section_url(checkup, number + 1) in page


def finish_all_sections(client, checkup):
    for n in range(1, len(CHECKUP.sections) + 1):
        assert client.post(section_url(checkup, n), section_post(n)).status_code == 302


def test_finishing_with_a_note_stores_it_encrypted_and_opens_the_report(owner_client):
    checkup = start(owner_client)
    finish_all_sections(owner_client, checkup)
    note_url = reverse("checkups-note", args=[checkup.code])
    assert "Anything else?" in owner_client.get(note_url).content.decode()
    response = owner_client.post(
        note_url, {"note": "We laughed a lot this week.", "action": "finish"}
    )
    assert response.url == reverse("checkups-report", args=[checkup.code])
    checkup.refresh_from_db()
    assert checkup.finished
    assert b"laughed" not in bytes(checkup.note) and len(bytes(checkup.note)) > 20


def test_a_too_long_note_is_refused_and_kept(owner_client):
    checkup = start(owner_client)
    finish_all_sections(owner_client, checkup)
    long = "word " * 500
    page = owner_client.post(reverse("checkups-note", args=[checkup.code]), {"note": long})
    assert page.status_code == 400
    assert "keep your note to 2,000 characters" in page.content.decode()
    assert long.strip()[:100] in page.content.decode()
    checkup.refresh_from_db()
    assert not checkup.finished


def test_a_note_in_crisis_shows_help_lines_first(owner_client):
    checkup = start(owner_client)
    finish_all_sections(owner_client, checkup)
    response = owner_client.post(
        reverse("checkups-note", args=[checkup.code]),
        {"note": "Honestly I want to kill myself.", "action": "finish"},
    )
    asked = CareNotice.objects.get(user=checkup.user, text_code=checkup.code)
    assert response.url.startswith(reverse("safety-question", args=[asked.code]))
    page = owner_client.get(response.url).content.decode()
    assert "You matter" in page
    assert reverse("checkups-report", args=[checkup.code]) in page


@pytest.mark.parametrize("name", ["checkups-section", "checkups-note", "checkups-support"])
def test_a_stranger_gets_404_and_anonymous_is_sent_to_log_in(client, owner, outsider, name):
    checkup = Checkup.objects.create(user=owner, instrument_version=CHECKUP.version)
    args = [checkup.code, 1] if name == "checkups-section" else [checkup.code]
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts-login") in response.url
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, section_post(1)).status_code == 404


def test_a_section_page_stays_within_ten_queries(owner_client, django_assert_max_num_queries):
    checkup = start(owner_client)
    with django_assert_max_num_queries(10):
        owner_client.get(section_url(checkup, 1))
    with django_assert_max_num_queries(10):
        owner_client.post(section_url(checkup, 1), section_post(1))


def test_a_softly_worrying_note_gets_a_gentle_check_in_on_the_report(owner_client):
    from attune.core.screen.screening import screen_text

    text = "I feel hopeless most days and I can't see it getting better."
    assert screen_text(text).tier == 1
    checkup = start(owner_client)
    finish_all_sections(owner_client, checkup)
    response = owner_client.post(
        reverse("checkups-note", args=[checkup.code]), {"note": text, "action": "finish"}
    )
    assert response.url == reverse("checkups-report", args=[checkup.code])
    page = owner_client.get(response.url).content.decode()
    assert "Checking in with you" in page
    assert page.index("Checking in with you") < page.index("The five signs")
