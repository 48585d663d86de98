"""`attune demo`: two linked people with twelve weeks of pulses and two check-ups each."""

import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from tests.cli.conftest import run

INSPECT = """
import django, json, sys
django.setup()
from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.progress.models import Pulse
from attune.couples.models import Link
from attune.activities.models import Run
logins = json.loads(sys.argv[1])
out = {}
for email, password in logins:
    user = User.objects.get(email=email)
    out[email] = {
        "password_ok": user.check_password(password),
        "pulses": Pulse.objects.filter(user=user).count(),
        "checkups": Checkup.objects.finished().filter(user=user).count(),
        "runs": Run.objects.filter(user=user, finished_at__isnull=False).count(),
    }
people = [User.objects.get(email=e) for e, _ in logins]
out["linked"] = Link.objects.active().filter(first__in=people, second__in=people).count()
print(json.dumps(out))
"""


def logins(stdout: str) -> list[list[str]]:
    return [list(m) for m in re.findall(r"^\s+(\S+@\S+)\s+password: (\S+)$", stdout, re.M)]


def test_it_creates_two_linked_people_with_data_and_runs_twice(tmp_path):
    env = {
        "ATTUNE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    first = run("demo", env=env)
    assert first.returncode == 0, first.stderr
    second = run("demo", env=env)
    assert second.returncode == 0, second.stderr
    people = logins(second.stdout)
    assert len(people) == 2
    assert "Each demo person has 3 finished activities." in second.stdout
    assert re.search(r"^\s+/couple/\S+/report/\s+the couple report$", second.stdout, re.M)
    inspect = subprocess.run(
        [sys.executable, "-c", INSPECT, json.dumps(people)],
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "attune.web.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert inspect.returncode == 0, inspect.stderr
    found = json.loads(inspect.stdout)
    for email, _ in people:
        assert found[email] == {"password_ok": True, "pulses": 12, "checkups": 2, "runs": 3}
    assert found["linked"] == 1


@pytest.mark.django_db
def test_twelve_pulses_fill_twelve_weeks_when_summer_time_ends_among_them():
    """Late on a Sunday in UTC it is already Monday in London during summer time."""
    from attune.accounts.models import User
    from attune.cli.demo import PEOPLE, WEEKS, populate
    from attune.progress.models import Pulse

    late_sunday = datetime(2026, 11, 1, 23, 30, tzinfo=UTC)
    populate(now=late_sunday)
    for email, _ in PEOPLE:
        weeks = sorted(
            Pulse.objects.filter(user=User.objects.get(email=email)).values_list("week", flat=True)
        )
        assert len(set(weeks)) == WEEKS
        assert all((b - a).days == 7 for a, b in zip(weeks, weeks[1:], strict=False))
        assert weeks[-1] == date(2026, 10, 26)


@pytest.fixture
def demo(db):
    from attune.accounts.models import User
    from attune.cli.demo import PEOPLE, pages, populate

    populate()  # now: a partner sees only today's shared check-in
    robin, sam = (User.objects.get(email=email) for email, _ in PEOPLE)
    return robin, sam, dict((what, path) for path, what in pages())


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_couple_report_opens_at_once_with_gaps_and_shared_strengths(client, demo):
    robin, sam, pages = demo
    client.force_login(sam)
    text = text_of(client, pages["the couple report"])
    differently = text[text.index("Where you see things differently") :]
    assert "Feeling lonely together You scored 75 and Robin scored 25" in differently
    assert "Feeling misunderstood" in differently
    assert "Missing affection : you 92 (Strong), Robin 92 (Strong)" in text
    strengths = text[text.index("Strengths you share") : text.index("A plan for the two of you")]
    assert "warmth and affection" in strengths and "lean on your partner" in strengths
    plan = text[text.index("A plan for the two of you") :]
    assert plan.count(": together, about") >= 2


def test_each_persons_report_names_likely_causes_because_of_what_they_said(client, demo):
    robin, sam, _ = demo
    causes = []
    for person in (robin, sam):
        client.force_login(person)
        latest = person.checkups.finished().order_by("-finished_at").first()
        text = text_of(client, f"/checkups/{latest.code}/")
        behind = text[text.index("What may lie behind it") : text.index("What is going well")]
        assert "Because you said" in behind
        causes.append(behind.split("1. ")[1][:30])
    assert causes[0] != causes[1]


def test_the_pulse_shows_one_real_change(client, demo):
    robin, sam, _ = demo
    client.force_login(robin)
    text = text_of(client, "/progress/")
    assert text.count("Really better since") == 1
    assert "Really harder" not in text
    client.force_login(sam)
    assert "Really" not in text_of(client, "/progress/").replace("Really better", "")


def test_shared_check_ins_and_a_run_for_two_are_waiting(client, demo):
    robin, sam, pages = demo
    client.force_login(sam)
    assert "A walk together tonight would be lovely." in text_of(client, "/checkins/")
    client.force_login(robin)
    assert "Could you hear me out tonight?" in text_of(client, "/checkins/")
    client.force_login(robin)
    assert "Conversation night" in text_of(client, pages["a conversation night for two (Robin)"])
