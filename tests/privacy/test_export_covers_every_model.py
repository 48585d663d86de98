"""The export stays complete: every model of Attune's apps that holds a person reaches it.

Each model that points at a person (directly, or through a model that does) is either built in
tests/privacy/everything.py and must show up in the JSON export of a person who has one of
each, or is named below with the reason it holds nothing personal beyond what is exported
elsewhere. Django's and django-axes' own tables (sessions, login records, the admin log) are not
the person's content; deleting the account clears them (test_delete.py).
"""

import json

from django.urls import reverse

from attune.accounts.crypto import encrypt
from attune.activities.models import Run
from tests.privacy.everything import (
    BUILDERS,
    attune_models_holding_a_person,
    build_everything,
    words_for,
)

ALLOWED = {
    # Which admin groups and permissions a staff account has: only the operator's own staff
    # accounts have any, and they say nothing about anyone's relationship or writing.
    "accounts.User_groups": "admin groups of staff accounts",
    "accounts.User_user_permissions": "admin permissions of staff accounts",
    # The key that locks the person's writing. Everything it locks is in the export, decrypted;
    # the key itself is never handed out, since a copy of it would outlive deleting the account.
    "accounts.UserKey": "the encryption key; what it locks is exported decrypted",
    # A sign-in session: a random key, an expiry and which browser state (discreet mode, a
    # message waiting); it ends at logging out, at expiry or with the account.
    "accounts.Session": "sign-in sessions; they end with logging out, expiry or the account",
    # "You are no longer linked", waiting to be dismissed: it names nobody and shows no date,
    # and the links in the export already say that a link of theirs ended.
    "couples.Notice": "a neutral notice that a link ended; the export's links say as much",
}

# Encrypted fields waiting for their line in their app's export.py, each named with its
# reason (none today). Remove an entry once that line is in: the test below says when.
NOT_YET: set[str] = set()


def test_it_knows_every_model_that_holds_a_person():
    holding = attune_models_holding_a_person()
    assert set(BUILDERS) & set(ALLOWED) == set()
    unknown = holding - set(BUILDERS) - set(ALLOWED)
    assert unknown == set(), (
        f"{sorted(unknown)} hold a person but are neither in the export meta-test "
        "(tests/privacy/everything.py) nor allowed, with a reason, in this file"
    )
    # A name that no longer holds a person (or no longer exists) would hide a future gap.
    assert set(BUILDERS) | set(ALLOWED) <= holding


def test_a_row_of_every_kind_reaches_the_json_export(owner, member, owner_client):
    made = build_everything(owner, member)
    waiting = {words_for(owner, name) for name in NOT_YET}
    text = owner_client.get(reverse("privacy-export-json")).content.decode()
    assert json.loads(text)["account"]["email"] == owner.email
    missing = [
        f"{label}: {mark}"
        for label, marks in made.marks.items()
        for mark in marks
        if mark not in text and mark not in waiting
    ]
    assert missing == []
    # Once its line is in the export, a waiting field must leave NOT_YET.
    arrived = [name for name in NOT_YET if words_for(owner, name) in text]
    assert arrived == []


def test_the_one_of_each_person_exports_nothing_of_the_partner(owner, member, owner_client):
    mine = build_everything(owner, member)
    partner = build_everything(member, owner)
    # The partner's own run in the run for two the person started: their note and names stay theirs.
    theirs = Run.objects.create(
        user=member,
        activity_id="conversation-night",
        mode=Run.APART,
        shared=mine.rows["activities.SharedRun"],
        note=encrypt(member.pk, "What Sam wrote after our evening."),
        names=encrypt(member.pk, "Sammy\nRobbo"),
    )
    text = owner_client.get(reverse("privacy-export-json")).content.decode()
    assert member.email not in text
    leaked = [code for code in partner.codes if code in text]
    # The link and the run for two are the couple's: both people's exports may name them.
    joint = {partner.rows["couples.Link"].code, partner.rows["activities.SharedRun"].code}
    assert [code for code in leaked if code not in joint] == []
    assert [words for words in partner.texts if words in text] == []
    assert theirs.code not in text
    assert "What Sam wrote" not in text and "Sammy" not in text and "Robbo" not in text
