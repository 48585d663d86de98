"""A keys database restored from before a person's key was made: their pages still work.

Restoring the main database with an older keys database (they are backed up apart, the keys
with shorter retention) leaves some people with text but no key. They must still check in and
export; what can no longer be read is said in plain words, and new writing gets a new key.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.accounts.crypto import UNREADABLE_NOTICE, decrypt
from attune.accounts.models import UserKey
from attune.checkins.models import Checkin
from tests.checkins.helpers import make_checkin, post_data
from tests.privacy.everything import build_everything

GONE = "This can no longer be read"


def lose_key(person) -> None:
    """As after restoring a keys database backed up before this person's key was made."""
    UserKey.objects.using("keys").filter(user_id=person.pk).delete()


@pytest.fixture
def everything(owner, member):
    made = build_everything(owner, member)
    lose_key(owner)
    return made


def test_it_exports_the_file_saying_which_texts_cannot_be_read(owner_client, everything):
    response = owner_client.get(reverse("privacy-export-json"))
    assert response.status_code == 200
    exported = response.json()
    where = exported["unreadable_text"]["where"]
    assert len(where) == len(everything.texts)
    assert "/checkups/0/note" in where and "/safety_plan/parts/0/text" in where
    assert exported["checkups"][0]["note"] is None
    assert exported["checkins"][0]["note"] is None
    assert exported["activities"][0]["names"] is None
    body = response.content.decode()
    assert not any(text in body for text in everything.texts)
    # Everything that was never encrypted is all there.
    assert exported["checkups"][0]["answers"]


def test_it_shows_the_readable_page_saying_so_in_each_place(owner_client, everything):
    response = owner_client.get(reverse("privacy-export-html"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some of what you wrote can no longer be read" in page
    assert page.count(GONE) == len(everything.texts)
    assert everything.rows["checkups.Checkup"].code in page


def test_the_check_in_page_works_and_says_the_line_cannot_be_read(owner, owner_client):
    make_checkin(owner, note="A line from before the restore")
    lose_key(owner)
    response = owner_client.get(reverse("checkins-home"))
    assert response.status_code == 200
    assert UNREADABLE_NOTICE in response.content.decode()


def test_new_writing_gets_a_new_key_and_reads_back(owner, owner_client):
    make_checkin(owner, day=date(2020, 1, 1), note="From before the restore")
    lose_key(owner)
    response = owner_client.post(reverse("checkins-home"), post_data(note="Written after"))
    assert response.status_code == 302
    today = Checkin.objects.get(user=owner, day=timezone.localdate())
    assert decrypt(owner.pk, today.note) == "Written after"
    page = owner_client.get(reverse("checkins-home")).content.decode()
    assert "Written after" in page and UNREADABLE_NOTICE not in page
    exported = owner_client.get(reverse("privacy-export-json")).json()
    assert [c["note"] for c in exported["checkins"]] == [None, "Written after"]
    assert exported["unreadable_text"]["where"] == ["/checkins/0/note"]


@pytest.mark.parametrize(
    "page", ["safety-plan", "checkups-own-words", "activities-finish", "activities-done"]
)
def test_every_page_that_shows_the_persons_text_says_it_cannot_be_read(
    owner_client, everything, page
):
    rows = everything.rows
    args = {
        "checkups-own-words": [rows["checkups.Checkup"].code],
        "activities-finish": [rows["activities.Run"].code],
        "activities-done": [rows["activities.Run"].code],
    }.get(page, [])
    run = rows["activities.Run"]
    if page == "activities-done":
        run.finished_at = timezone.now()
        run.save()
    if page == "checkups-own-words":
        checkup = rows["checkups.Checkup"]
        checkup.finished_at = None
        checkup.save()
    response = owner_client.get(reverse(page, args=args), follow=True)
    assert response.status_code == 200
    assert UNREADABLE_NOTICE in response.content.decode()


def test_a_partner_whose_key_is_gone_shares_nothing_unreadable(owner, member, linked, client):
    make_checkin(member, note="Sam's line", share_need=True, shared_link=linked)
    lose_key(member)
    client.force_login(owner)
    response = client.get(reverse("checkins-home"))
    assert response.status_code == 200
    assert "Sam's line" not in response.content.decode()


def test_no_page_fails_for_two_people_whose_keys_are_gone(owner, member, everything):
    """Every named route that reverses without arguments or with one of the rows' codes, asked
    by the person and by their partner, once neither has a key."""
    from django.test import Client
    from django.urls import NoReverseMatch, URLResolver, get_resolver

    def names(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern)
            elif pattern.name:
                yield pattern.name

    lose_key(member)
    codes = [(code,) for row in everything.rows.values() if (code := getattr(row, "code", None))]
    browsers = []
    for person in (owner, member):
        browser = Client(raise_request_exception=False)
        browser.force_login(person)
        browsers.append(browser)
    failed = []
    for name in sorted(set(names(get_resolver()))):
        for args in [(), *codes]:
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:
                continue
            failed += [url for browser in browsers if browser.get(url).status_code >= 500]
    assert failed == []
