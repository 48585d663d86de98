"""Export: a person can take everything Attune keeps about them, and nothing of anyone else."""

import json
import re

import pytest
from django.conf import settings
from django.db import connections
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.privacy.records import INSTRUMENT

NOTE = "I want us to laugh together like we used to."
PLAN = {
    "warning_signs": "Door slams, long silences.",
    "people": "My sister Dana, 555 0101.",
    "safe_places": "The library on Elm Street.",
    "documents": "Passport, bank card.",
}
OTHER_NOTE = "Nobody else should ever read this sentence."


@pytest.fixture
def owner_data(owner, make_checkup, make_plan):
    checkup = make_checkup(owner, NOTE)
    make_plan(owner, **PLAN)
    return checkup


@pytest.fixture
def outsider_data(outsider, make_checkup, make_plan):
    checkup = make_checkup(outsider, OTHER_NOTE, choice=3)
    make_plan(outsider, warning_signs=OTHER_NOTE)
    return checkup


def get_json(client):
    return json.loads(client.get(reverse("privacy-export-json")).content)


def test_it_downloads_a_dated_json_file(owner_client):
    response = owner_client.get(reverse("privacy-export-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="attune-export-{day}.json"'


def test_it_gives_the_file_a_neutral_name_in_discreet_mode(owner, owner_client):
    owner.discreet = True
    owner.save()
    disposition = owner_client.get(reverse("privacy-export-json"))["Content-Disposition"]
    assert "attune" not in disposition.lower()
    assert disposition.endswith(f'-{timezone.localdate().isoformat()}.json"')


def test_it_holds_the_account_and_settings(owner, owner_client):
    data = get_json(owner_client)
    assert data["account"]["email"] == "owner@example.org"
    assert data["account"]["display_name"] == "Robin"
    assert data["account"]["date_joined"].startswith(owner.date_joined.date().isoformat())
    assert data["settings"] == {
        "country": "GB",
        "discreet": False,
        "session_minutes": owner.session_minutes,
        "session_length": owner.get_session_minutes_display(),
    }


def test_it_holds_every_answer_with_its_words(owner_client, owner_data):
    (checkup,) = get_json(owner_client)["checkups"]
    assert checkup["code"] == owner_data.code
    assert checkup["instrument"]["id"] == "checkup"
    assert checkup["instrument"]["version"] == INSTRUMENT.version
    assert checkup["started_at"] and checkup["finished_at"]
    assert len(checkup["answers"]) == len(INSTRUMENT.items)
    first = INSTRUMENT.items[0]
    assert checkup["answers"][0] == {
        "section": INSTRUMENT.sections[0].title,
        "item": first.id,
        "text": first.text,
        "value": first.options[1].value,
        "label": first.options[1].label,
    }


def test_it_marks_a_skipped_answer_as_skipped(owner, owner_client, owner_data):
    owner_data.answers = {**owner_data.answers, INSTRUMENT.items[0].id: None}
    owner_data.save()
    (checkup,) = get_json(owner_client)["checkups"]
    assert checkup["answers"][0]["label"] == "Skipped"


def test_it_holds_the_report_the_person_saw(owner, owner_client, owner_data):
    from attune.core.serialise import report_dict

    (checkup,) = get_json(owner_client)["checkups"]
    expected = report_dict(owner_data.report, owner.country)
    assert checkup["report"]["signs"][0]["score"] == expected["signs"][0]["score"]
    assert checkup["report"]["plan"][0]["strategy"] == expected["plan"][0]["strategy"]
    assert checkup["report"]["signs"][0]["name"]


def test_an_unfinished_checkup_has_answers_but_no_report(owner, owner_client, make_checkup):
    make_checkup(owner, finished=False)
    (checkup,) = get_json(owner_client)["checkups"]
    assert checkup["finished_at"] is None
    assert checkup["report"] is None
    assert checkup["answers"]


def test_it_unlocks_the_note_and_the_safety_plan(owner_client, owner_data):
    data = get_json(owner_client)
    assert data["checkups"][0]["note"] == NOTE
    plan = {part["id"]: part["text"] for part in data["safety_plan"]["parts"]}
    assert plan == PLAN


def test_it_holds_nothing_of_another_person(owner_client, owner_data, outsider_data):
    content = owner_client.get(reverse("privacy-export-json")).content.decode()
    assert NOTE in content
    assert "outsider@example.org" not in content
    assert OTHER_NOTE not in content
    assert outsider_data.code not in content
    assert len(json.loads(content)["checkups"]) == 1


def test_the_readable_page_shows_the_same_things(owner_client, owner_data, outsider_data):
    page = owner_client.get(reverse("privacy-export-html"))
    assert page.status_code == 200
    text = page.content.decode()
    assert NOTE in text
    assert "Dana, 555 0101" in text
    assert INSTRUMENT.items[0].text in text
    assert "owner@example.org" in text
    assert OTHER_NOTE not in text and "outsider@example.org" not in text


def test_the_readable_page_escapes_what_the_person_wrote(owner, owner_client, make_checkup):
    make_checkup(owner, "<script>alert(1)</script>")
    text = owner_client.get(reverse("privacy-export-html")).content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)" in text


def test_a_person_with_nothing_yet_gets_an_empty_export(owner_client):
    data = get_json(owner_client)
    assert data["checkups"] == [] and data["safety_plan"] is None
    assert (
        "You have not taken a check-up"
        in owner_client.get(reverse("privacy-export-html")).content.decode()
    )


def test_the_export_page_offers_both_formats(owner_client):
    text = owner_client.get(reverse("privacy-export")).content.decode()
    assert reverse("privacy-export-json") in text
    assert reverse("privacy-export-html") in text


@pytest.mark.parametrize("name", ["privacy-export-json", "privacy-export-html"])
def test_the_export_is_never_kept_in_the_browser_cache(owner_client, name):
    assert "no-store" in owner_client.get(reverse(name))["Cache-Control"]


@pytest.mark.parametrize(
    "name", ["privacy-export", "privacy-export-json", "privacy-export-html", "privacy-delete"]
)
def test_a_stranger_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("name", ["privacy-export-json", "privacy-export-html"])
def test_five_checkups_export_in_at_most_ten_queries(
    owner, owner_client, make_checkup, make_plan, django_assert_max_num_queries, name
):
    for n in range(5):
        make_checkup(owner, f"note number {n}")
    make_plan(owner, **PLAN)
    # The session records activity at most once a minute; let that write happen before counting.
    owner_client.get(reverse("privacy-policy"))
    with (
        django_assert_max_num_queries(10) as main,
        CaptureQueriesContext(connections["keys"]) as keys,
    ):
        response = owner_client.get(reverse(name))
    assert response.status_code == 200
    # The key store counts too: one read for the whole export, not one per note.
    assert len(main) + len(keys) <= 10
    assert len(re.findall("note number", response.content.decode())) == 5


def test_the_export_lists_links_and_shares_but_nothing_of_the_partner(
    owner, member, owner_client, make_checkup
):
    import json

    from attune.couples.models import Link, Share

    checkup = make_checkup(owner, "my own note")
    link = Link.objects.create(first=owner, second=member)
    Share.objects.create(checkup=checkup, link=link)
    make_checkup(member, "the partner's private note")
    exported = json.loads(owner_client.get(reverse("privacy-export-json")).content)
    assert exported["couple"]["links"][0]["code"] == link.code
    assert exported["couple"]["shares"][0]["checkup"] == checkup.code
    text = json.dumps(exported)
    assert member.email not in text and "partner's private note" not in text
