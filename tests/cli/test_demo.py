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
