"""Each app builds its own part of a person's export, and every part reaches their file.

The apps with a part are found on disk (every attune/<app>/export.py), not read from the list
that assembles them, so a part left out of attune/privacy/export.py, or built there instead of
by its app, fails here.
"""

import json
from collections import defaultdict
from pathlib import Path

from django.urls import reverse

import attune
from attune.privacy.export import SLICES
from tests.privacy.everything import build_everything

PACKAGE = Path(attune.__file__).parent
# The order earlier files had, so a reader who compares two files finds each part in its place.
FILE_ORDER = [
    "format",
    "version",
    "free_text_tiers",
    "account",
    "settings",
    "api_token",
    "checkups",
    "safety_plan",
    "couple",
    "progress",
    "checkins",
    "activities",
    "care_notices",
    "counsellors",
    "unreadable_text",
]


def app_of(module: str) -> str:
    return module.split(".")[1]


def test_every_app_with_an_export_module_builds_a_part_of_the_file():
    on_disk = {path.parent.name for path in PACKAGE.glob("*/export.py")} - {"privacy"}
    assert {app_of(part.build.__module__) for part in SLICES} == on_disk


def test_what_each_app_keeps_of_a_person_is_in_that_apps_part_of_their_file(
    owner, member, owner_client
):
    made = build_everything(owner, member)
    data = json.loads(owner_client.get(reverse("privacy-export-json")).content)
    parts: dict[str, str] = defaultdict(str)
    for part in SLICES:
        parts[app_of(part.build.__module__)] += json.dumps(data[part.key], ensure_ascii=False)
    missing = [
        f"{label}: {mark}"
        for label, marks in made.marks.items()
        for mark in marks
        if mark not in parts[label.split(".")[0]]
    ]
    assert missing == []
    assert owner.email in parts["accounts"]


def test_the_parts_stand_in_the_file_in_the_order_they_always_had(owner_client):
    data = json.loads(owner_client.get(reverse("privacy-export-json")).content)
    assert list(data) == FILE_ORDER
