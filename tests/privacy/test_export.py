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

from attune.core.concepts import concepts
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


ONE_QUERY_EACH = (
    "the session",
    "the person with their one-to-one rows",
    "check-ups",
    "links with their shares",
    "invitations",
    "pulses",
    "reminders sent",
    "check-ins",
    "activities",
    "private notices",
    "counsellor spaces and places in them",
    "the key",
)


@pytest.mark.parametrize("name", ["privacy-export-json", "privacy-export-html"])
def test_a_full_account_with_activities_exports_in_one_query_per_kind(
    owner, member, owner_client, make_checkup, django_assert_max_num_queries, name
):
    from tests.privacy.everything import BUILDERS, Everything

    made = Everything()
    # One of every kind (docs/privacy.md, Export): one query for each kind of row there is,
    # plus the page's own, however many rows of each there are.
    for label, build in BUILDERS.items():
        made.rows[label], _ = build(owner, member, made)
    for n in range(5):
        make_checkup(owner, f"note number {n}")
    owner_client.get(reverse("privacy-policy"))
    with (
        django_assert_max_num_queries(len(ONE_QUERY_EACH)) as main,
        CaptureQueriesContext(connections["keys"]) as keys,
    ):
        response = owner_client.get(reverse(name))
    assert response.status_code == 200
    assert len(main) + len(keys) <= len(ONE_QUERY_EACH)
    text = response.content.decode()
    assert len(re.findall("note number", text)) == 5
    assert "Conversation night" in text


RUN_NOTE = "We laughed about the burnt toast again."


@pytest.fixture
def runs(owner, member):
    from django.utils import timezone

    from attune.accounts.crypto import encrypt
    from attune.activities.models import Run, SharedRun
    from attune.couples.models import Link

    link = Link.objects.create(first=owner, second=member)
    solo = Run.objects.create(
        user=owner,
        activity_id="naming-feelings",
        note=encrypt(owner.pk, RUN_NOTE),
        helped=4,
        finished_at=timezone.now(),
        shared_in=link,
        share_wanted=True,
        note_shared_at=timezone.now(),
    )
    together = Run.objects.create(
        user=owner,
        activity_id="conversation-night",
        mode=Run.TOGETHER,
        names=encrypt(owner.pk, "Robin\nSam"),
        favourites=["main:light:0"],
    )
    # Sam started a run for two, each on our own phone; Robin joined. It was closed later.
    shared = SharedRun.objects.create(
        activity_id="conversation-night",
        started_by=member,
        partner=owner,
        step=2,
        joined_at=timezone.now(),
        closed_at=timezone.now(),
        favourites=["main:personal:3"],
    )
    apart = Run.objects.create(
        user=owner, activity_id="conversation-night", mode=Run.APART, shared=shared
    )
    Run.objects.create(
        user=member,
        activity_id="conversation-night",
        mode=Run.APART,
        shared=shared,
        note=encrypt(member.pk, "Sam's words about tonight."),
        names=encrypt(member.pk, "Sammy\nRobbo"),
    )
    return {"solo": solo, "together": together, "apart": apart}


def test_it_holds_every_run_with_its_note_unlocked(owner_client, runs):
    from attune.core.catalogue import get_deck

    exported = {r["code"]: r for r in get_json(owner_client)["activities"]}
    assert set(exported) == {run.code for run in runs.values()}
    solo = exported[runs["solo"].code]
    assert solo["activity"]["title"] == concepts().activities["naming-feelings"].title
    assert solo["note"] == RUN_NOTE
    assert solo["helped"] == 4
    assert solo["note_shared"] is True and solo["note_share_wanted"] is True
    together = exported[runs["together"].code]
    assert together["names"] == ["Robin", "Sam"]
    assert together["favourites"][0]["text"] == get_deck("main").sets[0].prompts[0]
    apart = exported[runs["apart"].code]
    assert apart["shared"]["started_by_you"] is False
    assert apart["shared"]["step"] == 2


def test_a_run_for_two_exports_nothing_private_to_the_partner(owner_client, runs):
    content = owner_client.get(reverse("privacy-export-json")).content.decode()
    assert "Sam's words" not in content
    assert "Sammy" not in content and "Robbo" not in content
    # When a run for two was closed can follow from the partner's safety screen.
    assert "closed" not in content
    # Favourites chosen in the run for two stay with it; Robin's own run keeps Robin's.
    assert "main:personal:3" not in content


def test_the_readable_page_shows_the_activities(owner_client, runs):
    text = owner_client.get(reverse("privacy-export-html")).content.decode()
    assert "Your activities" in text
    assert concepts().activities["naming-feelings"].title in text and RUN_NOTE in text
    assert "4 out of 5" in text
    assert "Robin and Sam" in text
    assert "Your partner started it" in text
    assert "Sam&#x27;s words" not in text and "Sammy" not in text


def test_a_person_with_no_runs_is_told_so(owner_client):
    assert (
        "You have not started an activity"
        in owner_client.get(reverse("privacy-export-html")).content.decode()
    )


def test_every_free_text_comes_with_its_tier_and_what_the_tiers_mean(owner, owner_client):
    from attune.accounts.crypto import encrypt
    from attune.activities.models import Run
    from attune.checkins.models import Checkin
    from attune.checkups.models import Checkup

    Checkup.objects.create(
        user=owner,
        instrument_version=INSTRUMENT.version,
        answers={},
        note=encrypt(owner.pk, "A note."),
        note_tier=1,
        own_words=encrypt(owner.pk, "My own words."),
        own_words_tier=2,
    )
    Checkin.objects.create(user=owner, day="2006-07-08", stress=2, needs=[], note_tier=1)
    Run.objects.create(user=owner, activity_id="naming-feelings", note_tier=2)
    data = get_json(owner_client)
    (checkup,) = data["checkups"]
    assert (checkup["note_tier"], checkup["own_words_tier"]) == (1, 2)
    assert data["checkins"][0]["note_tier"] == 1
    assert data["activities"][0]["note_tier"] == 2
    tiers = data["free_text_tiers"]
    assert {"0", "1", "2", "about"} <= set(tiers)
    assert "this server" in tiers["about"]


def test_a_pulse_comes_with_its_answers_and_scores_in_words(owner, owner_client):
    from attune.core.instruments import get_instrument
    from attune.progress.pulses import save_pulse

    pulse = get_instrument("pulse")
    first = pulse.items[0]
    save_pulse(owner, {item.id: item.options[3].value for item in pulse.items})
    (exported,) = get_json(owner_client)["progress"]["pulses"]
    assert exported["answers_in_words"][0]["text"] == first.text
    assert exported["answers_in_words"][0]["label"] == first.options[3].label
    names = [sign["name"] for sign in exported["scores_in_words"]]
    assert names[0] == next(iter(concepts().signs.values())).name
    page = owner_client.get(reverse("privacy-export-html")).content.decode()
    assert first.text in page and names[0] in page
