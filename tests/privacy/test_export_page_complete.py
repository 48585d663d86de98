"""The readable page keeps up with the JSON file: whatever a person's file holds, the page shows.

The check does not know the models: it takes the marks that tests/privacy/everything.py puts in
one row of every kind (codes, dates, the words written in every encrypted field) and asks that
each one the JSON file holds is also on the page. A new kind of row, or a new field that the
file gains and the page forgets, fails here.
"""

import html
import json
import re
from typing import Any

from django.urls import reverse

from attune.activities.models import Run
from attune.checkins.models import Checkin
from tests.privacy.everything import build_everything

# A mark that is only an internal id ("conversation-night", a prompt's key) counts as shown when
# the words that stand beside it in the same record are on the page.
ID_FIELDS = ("id", "key")
WORD_FIELDS = ("title", "text", "label", "name")


def records(data: Any):
    """Every dict in the export, however deep."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from records(value)
    elif isinstance(data, list):
        for value in data:
            yield from records(value)


def shown(mark: str, page: str, data: dict) -> bool:
    if mark in page:
        return True
    for record in records(data):
        if any(record.get(field) == mark for field in ID_FIELDS):
            words = [record.get(field) for field in WORD_FIELDS]
            if any(isinstance(w, str) and w and w in page for w in words):
                return True
    return False


def export_of(client) -> tuple[str, dict, str]:
    text = client.get(reverse("privacy-export-json")).content.decode()
    page = client.get(reverse("privacy-export-html"))
    assert page.status_code == 200
    return text, json.loads(text), html.unescape(page.content.decode())


def test_it_shows_every_mark_the_json_file_holds(owner, member, owner_client):
    made = build_everything(owner, member)
    text, data, page = export_of(owner_client)
    in_file = [
        (label, mark) for label, marks in made.marks.items() for mark in marks if mark in text
    ]
    # Every kind of row leaves at least one mark in the file, so none is skipped unseen here.
    assert {label for label, _ in in_file} == set(made.marks)
    missing = [f"{label}: {mark}" for label, mark in in_file if not shown(mark, page, data)]
    assert missing == []


def test_it_shows_the_parts_the_file_has_in_words(owner, member, owner_client):
    build_everything(owner, member)
    _, data, page = export_of(owner_client)
    assert "Your weekly pulses" in page
    assert "Your reminders" in page and "Reminder e-mails we sent you" in page
    assert data["progress"]["settings"]["time_zone"] in page
    assert "You and a partner" in page
    assert "Invitations you made" in page and "Check-up scores you shared" in page
    assert "Your key for apps" in page and "You made a personal key for apps" in page
    assert "In your own words" in page
    # The calendar link's secret and the token are never kept, so never shown either.
    assert "Calendar link" in page


def test_it_shows_nothing_of_the_partner(owner, member, owner_client):
    mine = build_everything(owner, member)
    partner = build_everything(member, owner)
    theirs = Run.objects.create(
        user=member,
        activity_id="conversation-night",
        mode=Run.APART,
        shared=mine.rows["activities.SharedRun"],
    )
    _, _, page = export_of(owner_client)
    assert member.email not in page
    assert not re.search(rf"\b{re.escape(member.display_name)}\b", page)
    # The link and the run for two are the couple's: both people's pages may name them.
    joint = {partner.rows["couples.Link"].code, partner.rows["activities.SharedRun"].code}
    assert [code for code in partner.codes if code in page and code not in joint] == []
    assert [words for words in partner.texts if words in page] == []
    assert theirs.code not in page


def test_it_says_gently_when_the_safety_check_found_something(owner, owner_client):
    from attune.accounts.crypto import encrypt

    Checkin.objects.create(
        user=owner,
        day="2006-07-08",
        stress=8,
        needs=[],
        note=encrypt(owner.pk, "A hard day."),
        note_tier=2,
    )
    _, data, page = export_of(owner_client)
    assert data["checkins"][0]["note_tier"] == 2
    assert "showed you people to talk to first" in page


def test_it_says_nothing_about_the_check_when_nothing_was_found(owner, member, owner_client):
    build_everything(owner, member)
    _, _, page = export_of(owner_client)
    assert "Our safety check read this" not in page
