"""Every page a person can reach keeps the page budget (tests/web/budget.py): the library's
articles and lessons, the decks and solo exercises, the offline pages, the demo couple's
report, pulse, check-ins and run for two, and a check-up under way.

The walk starts where the phone walk starts (tests/walk.py), follows every link, and fails when a
route is neither reached nor named with its reason, so a new page is measured the day it lands.
"""

from __future__ import annotations

import pytest

from attune.cli.demo import populate
from tests.walk import ELSEWHERE, page_routes
from tests.web.budget import demo_walk


@pytest.mark.django_db(databases=["default", "keys"])
def test_every_page_a_person_can_reach_keeps_the_budget():
    populate()
    measured, seen = demo_walk()
    assert {m.path: m.over or m.status for m in measured if m.over or m.status != 200} == {}
    reached = set(seen)
    assert page_routes() - reached - set(ELSEWHERE) == set(), "walk these, or say why not"
    assert reached & set(ELSEWHERE) == set(), "now walked: cut them from ELSEWHERE"
