"""Budget (operations): kill -9 the task worker at random points, again and again, while it sends a
300-recipient newsletter and then 300 reminders; every e-mail must reach the outbox exactly once.

Runs on a throwaway data folder with the file outbox (the one mail system that can say what it
holds). Each worker life is killed with SIGKILL at a random point: most after a random number of
new messages plus a random fraction of a message's time, so the kill lands anywhere in claiming,
writing or marking an e-mail; one in five at a random moment from its start (loading, reclaiming,
picking a task). A fresh worker is started after each kill. When the kills are done, a last worker
is left to finish, until no task is running or due. Then the outbox is read: complete messages
per recipient, torn ones (a kill in the middle of a write), and the task table must hold nothing
left running or failed.

    .venv/bin/python bench/worker_kills.py [--kills 20] [--people 300] [--lease 2]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ATTUNE = Path(sys.executable).parent / "attune"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"

SUBSCRIBERS = """
import django
django.setup()
from attune.newsletter.models import Subscriber
Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{n}@example.org", status="active") for n in range(%d)
)
"""

REMINDERS = """
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from attune.accounts.models import User
from attune.progress.models import ProgressSettings, Reminder
now = timezone.now()
due = now - timedelta(seconds=30)
User.objects.bulk_create(
    User(email=f"person{n}@example.org", password="!") for n in range(%d)
)
users = list(User.objects.order_by("pk"))
ProgressSettings.objects.bulk_create(ProgressSettings(user=u, time_zone="UTC") for u in users)
Reminder.objects.bulk_create(
    Reminder(user=u, kind="pulse", weekday=due.weekday(), at=due.time().replace(microsecond=0),
             next_due=due) for u in users
)
# The next minutely round is due now, not up to a minute from now.
from django_tasks_db.models import DBTaskResult
DBTaskResult.objects.filter(status="READY").update(run_after=now)
"""

LEFT_OVER = """
import django, json
django.setup()
from django_tasks_db.models import DBTaskResult
from attune.newsletter.models import Delivery
from attune.progress.models import ReminderSent
print(json.dumps({
    "tasks": {s: DBTaskResult.objects.filter(status=s).count()
              for s in ("READY", "RUNNING", "FAILED", "SUCCESSFUL")},
    "tasks_retried": sum(
        len(w) > 1 for w in DBTaskResult.objects.values_list("worker_ids", flat=True)
    ),
    "deliveries": dict(Counter(Delivery.objects.values_list("state", flat=True))),
    "reminders": dict(Counter(ReminderSent.objects.values_list("state", flat=True))),
    "unfinished": [
        {"task": row.task_path, "status": row.status, "workers": len(row.worker_ids),
         "started_at": str(row.started_at), "error": row.exception_class_path,
         "last_line": (row.traceback or "").strip().splitlines()[-1:]}
        for row in DBTaskResult.objects.filter(status__in=("RUNNING", "FAILED"))
    ],
}))
""".replace("import django, json", "import django, json\nfrom collections import Counter")


# Waits until no task is running or due: the last worker has taken over what a killed one left
# RUNNING (once its lease ran out) and finished it.
SETTLE = """
import django, time
django.setup()
from django_tasks_db.models import DBTaskResult
deadline = time.monotonic() + %d
while time.monotonic() < deadline:
    if not (DBTaskResult.objects.running().exists() or DBTaskResult.objects.ready().exists()):
        print("settled")
        break
    time.sleep(0.1)
"""


class Outbox:
    """Counts complete messages in Django's file outbox as they are appended, cheaply."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: dict[Path, tuple[int, bytes]] = {}
        self.complete = 0

    def poll(self) -> int:
        if not self.folder.is_dir():
            return self.complete
        for path in self.folder.iterdir():
            offset, carry = self.seen.get(path, (0, b""))
            size = path.stat().st_size
            if size <= offset:
                continue
            with path.open("rb") as handle:
                handle.seek(offset)
                fresh = carry + handle.read(size - offset)
            self.complete += fresh.count(SEPARATOR)
            self.seen[path] = (size, fresh[-(len(SEPARATOR) - 1) :])
        return self.complete


def read_outbox(folder: Path) -> tuple[Counter, int]:
    """Complete messages per recipient, and torn ones (written in part when a kill landed)."""
    per_recipient: Counter = Counter()
    torn = 0
    for path in sorted(folder.glob("*.log")):
        chunks = path.read_bytes().split(SEPARATOR)
        if chunks[-1].strip():
            torn += 1
        for chunk in chunks[:-1]:
            to = next(line for line in chunk.splitlines() if line.startswith(b"To: "))
            per_recipient[to[4:].decode()] += 1
    return per_recipient, torn


@dataclass
class Phase:
    name: str
    expected: int
    kills: int = 0
    kills_mid_send: int = 0
    lives: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def python(code: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout


def attune(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ATTUNE), *args], env=env, capture_output=True, text=True, timeout=300
    )


def run_with_kills(
    phase: Phase, env: dict, outbox: Outbox, kills: int, rng: random.Random, lease: int
) -> None:
    started = time.monotonic()
    while True:
        before = outbox.poll()
        finishing = phase.kills >= kills
        if finishing and before >= phase.expected:
            break
        worker = subprocess.Popen(
            [str(ATTUNE), "worker", "--interval", "0.05", "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        phase.lives += 1
        if finishing:
            deadline = time.monotonic() + 120
            while outbox.poll() < phase.expected and time.monotonic() < deadline:
                time.sleep(0.05)
            # Let it mark the last one, and take over any task a killed worker left running:
            # on a busy machine that can take several leases, so wait for it, not a fixed time.
            if "settled" not in python(SETTLE % max(60, 10 * lease), env):
                phase.notes.append(f"tasks still running or due after {max(60, 10 * lease)} s")
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
            if outbox.poll() < phase.expected:
                phase.notes.append("the last worker did not finish within 120 s")
            break
        left = max(phase.expected - before, 1)
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0, 2.5))
        else:
            # After a random number of new messages, spread so the kills outlast the work.
            share = max(1, 2 * left // (kills - phase.kills + 1))
            target = before + rng.randint(1, share)
            deadline = time.monotonic() + 30
            while outbox.poll() < target and time.monotonic() < deadline:
                if worker.poll() is not None:
                    break
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.004))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        phase.kills += 1
        if outbox.poll() > before:
            phase.kills_mid_send += 1
    phase.seconds = time.monotonic() - started


def bench(kills: int = 20, people: int = 300, lease: int = 2, seed: int | None = None) -> dict:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="attune-kills-") as tmp:
        data = Path(tmp)
        env = {
            **os.environ,
            "ATTUNE_DATA_DIR": str(data),
            "DATABASE_URL": f"sqlite:///{data / 'attune.sqlite3'}",
            "KEYS_DATABASE_URL": f"sqlite:///{data / 'keys.sqlite3'}",
            "EMAIL_URL": f"file://{data / 'outbox'}",
            "DJANGO_SETTINGS_MODULE": "attune.web.settings",
            "ATTUNE_TASK_LEASE": str(lease),
            # Each batch may be killed many times here; it resumes where it stopped each time.
            "ATTUNE_TASK_ATTEMPTS": "1000",
        }
        for database in ("default", "keys"):
            assert attune(env, "manage", "migrate", "--database", database).returncode == 0
        results = {}

        python(SUBSCRIBERS % people, env)
        queued = attune(env, "newsletter", "send", "--no-wait", "--batch-size", "25")
        assert queued.returncode == 0, queued.stderr
        newsletter = Phase("newsletter", people)
        run_with_kills(newsletter, env, Outbox(data / "outbox"), kills, rng, lease)
        results["newsletter"] = newsletter

        # Reminders go to a fresh outbox, so each phase is counted on its own.
        env["EMAIL_URL"] = f"file://{data / 'outbox-reminders'}"
        python(REMINDERS % people, env)
        reminders = Phase("reminders", people)
        run_with_kills(reminders, env, Outbox(data / "outbox-reminders"), kills, rng, lease)
        results["reminders"] = reminders

        report = {}
        for name, folder in (("newsletter", "outbox"), ("reminders", "outbox-reminders")):
            per_recipient, torn = read_outbox(data / folder)
            phase = results[name]
            report[name] = {
                "kills": phase.kills,
                "kills_mid_send": phase.kills_mid_send,
                "worker_lives": phase.lives,
                "seconds": round(phase.seconds, 1),
                "recipients": len(per_recipient),
                "expected": phase.expected,
                "twice_or_more": sum(1 for n in per_recipient.values() if n > 1),
                "torn_writes": torn,
                "notes": phase.notes,
            }
        again = attune(env, "newsletter", "send")
        report["newsletter_send_after"] = again.stdout.strip().splitlines()[-1:]
        import json

        report["left_over"] = json.loads(python(LEFT_OVER, env))
        return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs per phase (20)")
    parser.add_argument("--people", type=int, default=300, help="recipients per phase (300)")
    parser.add_argument("--lease", type=int, default=2, help="ATTUNE_TASK_LEASE, seconds (2)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    report = bench(args.kills, args.people, args.lease, args.seed)
    ok = True
    for name in ("newsletter", "reminders"):
        r = report[name]
        print(
            f"{name}: {r['kills']} kill -9 ({r['kills_mid_send']} while e-mails were going out), "
            f"{r['worker_lives']} worker lives, {r['seconds']} s; "
            f"{r['recipients']}/{r['expected']} recipients reached, {r['twice_or_more']} twice, "
            f"{r['torn_writes']} torn writes {' '.join(r['notes'])}"
        )
        ok &= r["recipients"] == r["expected"] and r["twice_or_more"] == 0
    print(f"after: {report['newsletter_send_after']}; task table {report['left_over']}")
    left = report["left_over"]["tasks"]
    ok &= left["RUNNING"] == 0 and left["FAILED"] == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
