"""`attune worker`: runs the queue; killed mid-batch and restarted, it sends each reminder once."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import ATTUNE, run

PEOPLE = 300
SEPARATOR = b"\n" + b"-" * 79 + b"\n"

SETUP = """
import django
django.setup()
from datetime import timedelta
from zoneinfo import ZoneInfo
from django.utils import timezone
from attune.accounts.models import User
from attune.progress.models import ProgressSettings, Reminder
now = timezone.now()
local = (now - timedelta(seconds=30)).astimezone(ZoneInfo("Europe/Paris"))
users = User.objects.bulk_create(
    User(email=f"person{n}@example.org", password="!") for n in range(%d)
)
users = list(User.objects.order_by("pk"))
ProgressSettings.objects.bulk_create(
    ProgressSettings(user=u, time_zone="Europe/Paris") for u in users
)
Reminder.objects.bulk_create(
    Reminder(user=u, kind="pulse", weekday=local.weekday(), at=local.time().replace(microsecond=0),
             next_due=now - timedelta(seconds=30)) for u in users
)
"""


def delivered(outbox: Path) -> list[bytes]:
    """The Message-IDs of every complete message in the file outbox."""
    ids = []
    for path in outbox.glob("*.log"):
        for chunk in path.read_bytes().split(SEPARATOR)[:-1]:
            for line in chunk.splitlines():
                if line.startswith(b"Message-ID: "):
                    ids.append(line)
    return ids


@pytest.fixture
def data(tmp_path):
    env = {
        "ATTUNE_DATA_DIR": str(tmp_path),
        "EMAIL_URL": f"file://{tmp_path / 'outbox'}",
        "DJANGO_SETTINGS_MODULE": "attune.web.settings",
        # A database of its own: on a PostgreSQL run, DATABASE_URL names a shared server
        # database that these subprocesses must not fill or find already migrated.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'attune.sqlite3'}",
    }
    for args in (("manage", "migrate"), ("manage", "migrate", "--database", "keys")):
        assert run(*args, env=env).returncode == 0
    return tmp_path, env


def test_a_worker_killed_mid_batch_and_restarted_sends_every_reminder_exactly_once(data):
    tmp_path, env = data
    setup = subprocess.run(
        [sys.executable, "-c", SETUP % PEOPLE],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr
    outbox = tmp_path / "outbox"
    worker = subprocess.Popen(
        [str(ATTUNE), "worker", "--interval", "0.1", "--quiet"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        # Somewhere in the first half of the batch, a different place each run.
        kill_after = random.randint(1, PEOPLE // 2)
        while time.time() < deadline and len(delivered(outbox)) < kill_after:
            time.sleep(0.002)
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=10)
    before = len(delivered(outbox))
    print(f"sent before the kill: {before} of {PEOPLE}")
    assert 0 < before < PEOPLE, "the kill should land in the middle of the batch"

    again = run("worker", "--batch", "--quiet", env=env)
    assert again.returncode == 0, again.stderr
    ids = delivered(outbox)
    assert len(ids) == PEOPLE
    assert len(set(ids)) == PEOPLE


def test_it_says_what_to_do_on_a_database_that_is_not_migrated(tmp_path):
    env = {"ATTUNE_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = run("worker", "--batch", env=env)
    assert result.returncode == 2
    assert "attune manage migrate" in result.stderr and result.stdout == ""


def test_its_help_states_the_rules():
    text = " ".join(run("worker", "--help").stdout.split())
    assert "never sends a second copy" in text and "--batch" in text


def children_of(pid: int) -> dict[int, str]:
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                found[int(stat.parent.name)] = cmdline.decode()
        except (OSError, IndexError, ValueError):
            continue
    return found


def test_serve_starts_one_worker_and_stops_it_with_the_server(tmp_path):
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = subprocess.Popen(
        [str(ATTUNE), "serve", "--port", str(port)],
        env={
            **os.environ,
            "ATTUNE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'attune.sqlite3'}",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        workers = [pid for pid, cmd in children_of(serve.pid).items() if " worker" in cmd]
        assert len(workers) == 1
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=40) == 0
        assert not Path(f"/proc/{workers[0]}").exists()
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
