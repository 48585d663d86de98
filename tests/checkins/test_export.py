"""A person's check-ins are in their export, JSON and HTML, with the line decrypted."""

import json

from django.template.loader import render_to_string

from attune.accounts.crypto import decrypter
from attune.accounts.export import Reading
from attune.accounts.models import User
from attune.checkins.export import checkins_for_export, with_checkins
from tests.checkins.helpers import make_checkin


def checkins_of(person: User) -> list[dict]:
    """The check-ins' slice alone, from the person as the export's first query loads them."""
    loaded = with_checkins(User.objects.filter(pk=person.pk)).get()
    return checkins_for_export(Reading(loaded, decrypter(person.pk)))


def test_the_export_holds_every_check_in_with_its_words(owner, member, linked):
    make_checkin(owner, stress=7, needs=["help", "space"], note="Bins, please", share_need=True)
    make_checkin(member, note="Not Robin's")
    rows = checkins_of(owner)
    assert len(rows) == 1
    row = rows[0]
    assert row["stress"] == 7
    assert [n["label"] for n in row["needs"]] == ["Practical help", "Some space"]
    assert row["note"] == "Bins, please"
    assert row["shared_need"] is True and row["shared_stress"] is False


def test_the_export_page_part_lists_them(owner):
    make_checkin(owner, stress=7, needs=["closeness"], note="Film night?")
    html = render_to_string("checkins/_export.html", {"checkins": checkins_of(owner)})
    assert "Your daily check-ins" in html
    assert "Some closeness" in html and "Film night?" in html


def test_the_json_export_includes_the_check_ins(owner_client, owner):
    make_checkin(owner, note="Film night?")
    data = json.loads(owner_client.get("/privacy/export/json/").content)
    assert data["checkins"][0]["note"] == "Film night?"


def test_the_html_export_includes_the_check_ins(owner_client, owner):
    make_checkin(owner, needs=["space"], note="Film night?")
    page = owner_client.get("/privacy/export/page/").content.decode()
    assert "Your daily check-ins" in page and "Film night?" in page
