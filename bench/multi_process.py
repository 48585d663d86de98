"""Budget (operations): two `attune serve --no-migrate` and two `attune worker` against one
PostgreSQL, under concurrent writes, while a 300-recipient newsletter and 300 reminders go out:
no acknowledged write lost, no server error, no e-mail sent twice while the workers race.

Starts a throwaway PostgreSQL 15 cluster (as .ci/run does), or, with DATABASE_URL set to a
postgres:// server, makes two databases of its own there and drops them after. Each serve
process starts its own task worker too, so four workers race for the queue. An SMTP sink on
loopback takes every e-mail. Clients (one person and API token each) POST /api/v1/invitations
to the two servers in turn for the whole run; each 201 names an invitation code, which must be in
the database afterwards.

    .venv/bin/python bench/multi_process.py [--clients 40] [--seconds 30] [--people 300]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ATTUNE = Path(sys.executable).parent / "attune"
PGBIN = Path("/usr/lib/postgresql/15/bin")

SETUP = """
import django, json
django.setup()
from datetime import timedelta
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from attune.accounts.models import User
from attune.api.models import ApiToken
from attune.newsletter.models import Subscriber
from attune.progress.models import ProgressSettings, Reminder
clients, people = %d, %d
tokens = []
for n in range(clients):
    user = User.objects.create_user(f"client{n}@example.org", None)
    tokens.append(ApiToken.issue(user))
Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{n}@example.org", status="active") for n in range(people)
)
now = timezone.now()
due = now - timedelta(seconds=30)
User.objects.bulk_create(User(email=f"person{n}@example.org", password="!") for n in range(people))
users = list(User.objects.filter(email__startswith="person"))
ProgressSettings.objects.bulk_create(ProgressSettings(user=u, time_zone="UTC") for u in users)
Reminder.objects.bulk_create(
    Reminder(user=u, kind="pulse", weekday=due.weekday(), at=due.time().replace(microsecond=0),
             next_due=due) for u in users
)
print(json.dumps(tokens))
"""

CHECK = """
import django, json, sys
django.setup()
from collections import Counter
from django_tasks_db.models import DBTaskResult
from attune.couples.models import Invitation
from attune.operations.lease import stale_tasks
codes = set(json.load(sys.stdin))
found = set(Invitation.objects.filter(code__in=codes).values_list("code", flat=True))
workers = Counter(
    w[-1] for w in DBTaskResult.objects.filter(
        task_path="attune.newsletter.tasks.send_batch").values_list("worker_ids", flat=True) if w
)
print(json.dumps({
    "missing": len(codes - found),
    "tasks": {s: DBTaskResult.objects.filter(status=s).count()
              for s in ("READY", "RUNNING", "FAILED", "SUCCESSFUL")},
    "batches_per_worker": sorted(workers.values(), reverse=True),
    "stale": len(stale_tasks()),
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_cluster():
    """A PostgreSQL 15 cluster of our own on a free port; yields its server URL."""
    folder = Path(tempfile.mkdtemp(prefix="attune-pg-"))
    os.chown(folder, *_postgres_ids())
    port = free_port()

    def pg(*args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, stdout=subprocess.DEVNULL
        )

    pg(
        str(PGBIN / "initdb"),
        "-D",
        str(folder / "data"),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    pg(
        str(PGBIN / "pg_ctl"),
        "-D",
        str(folder / "data"),
        "-l",
        str(folder / "log"),
        "-w",
        "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=200",
        "start",
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        pg(str(PGBIN / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop")


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


@contextmanager
def databases(server: str):
    """Two fresh databases on the server (main and keys); dropped afterwards."""
    import psycopg

    stem = f"attune_mp_{secrets.token_hex(4)}"
    names = [stem, stem + "_keys"]
    with psycopg.connect(server, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    urls = [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    try:
        yield urls
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Sink:
    """Every e-mail the workers send, by Message-ID and recipient."""

    def __init__(self) -> None:
        self.seen: Counter = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        import email

        message = email.message_from_bytes(envelope.content)
        kind = "newsletter" if "weekly note" in str(message["Subject"]) else "reminder"
        with self.lock:
            for to in envelope.rcpt_tos:
                self.seen[(kind, to)] += 1
        return "250 OK"

    def count(self, kind: str) -> int:
        with self.lock:
            return sum(1 for (k, _) in self.seen if k == kind)


def post(url: str, token: str) -> tuple[int, str | None, float]:
    request = urllib.request.Request(
        url,
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = json.loads(answer.read())
            return answer.status, body.get("code"), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, None, time.perf_counter() - started
    except OSError:
        return 0, None, time.perf_counter() - started


def load(bases: list[str], tokens: list[str], seconds: float) -> dict:
    codes: list[str] = []
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n: int, token: str) -> None:
        i = n
        while time.monotonic() < stop:
            status, code, took = post(f"{bases[i % len(bases)]}/api/v1/invitations", token)
            i += 1
            with lock:
                statuses[status] += 1
                latencies.append(took)
                if status == 201 and code:
                    codes.append(code)

    threads = [threading.Thread(target=client, args=(n, t)) for n, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "codes": codes,
        "statuses": dict(statuses),
        "requests": len(latencies),
        "per_second": round(len(latencies) / seconds, 1),
        "p50": round(statistics.median(latencies), 3) if latencies else None,
        "p99": round(latencies[int(0.99 * (len(latencies) - 1))], 3) if latencies else None,
    }


def wait_healthy(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{base} did not answer within the time allowed")


def run(server: str, clients: int, seconds: float, people: int) -> dict:
    from aiosmtpd.controller import Controller

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    children: list[subprocess.Popen] = []
    try:
        with databases(server) as (main_url, keys_url), tempfile.TemporaryDirectory() as tmp:
            base_env = {
                **os.environ,
                "DATABASE_URL": main_url,
                "KEYS_DATABASE_URL": keys_url,
                "SECRET_KEY": secrets.token_urlsafe(50),
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
                "DJANGO_SETTINGS_MODULE": "attune.web.settings",
                "ATTUNE_TASK_LEASE": "10",
            }

            def env(name: str) -> dict:
                return {**base_env, "ATTUNE_DATA_DIR": str(Path(tmp) / name)}

            for database in ("default", "keys"):
                done = subprocess.run(
                    [str(ATTUNE), "manage", "migrate", "--database", database, "-v0"],
                    env=env("setup"),
                    capture_output=True,
                    text=True,
                )
                assert done.returncode == 0, done.stderr
            made = subprocess.run(
                [sys.executable, "-c", SETUP % (clients, people)],
                env=env("setup"),
                capture_output=True,
                text=True,
            )
            assert made.returncode == 0, made.stderr
            tokens = json.loads(made.stdout)
            ports = [free_port(), free_port()]
            for n, port in enumerate(ports):
                children.append(
                    subprocess.Popen(
                        [
                            str(ATTUNE),
                            "serve",
                            "--no-migrate",
                            "--port",
                            str(port),
                            "--workers",
                            "1",
                            "--threads",
                            "4",
                        ],
                        env=env(f"serve{n}"),
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            for n in range(2):
                children.append(
                    subprocess.Popen(
                        [str(ATTUNE), "worker", "--interval", "0.1", "--quiet"],
                        env=env(f"worker{n}"),
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            for base in bases:
                wait_healthy(base, time.monotonic() + 90)
            queued = subprocess.run(
                [str(ATTUNE), "newsletter", "send", "--no-wait", "--batch-size", "10"],
                env=env("setup"),
                capture_output=True,
                text=True,
            )
            assert queued.returncode == 0, queued.stderr
            started = time.monotonic()
            figures = load(bases, tokens, seconds)
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and (
                sink.count("newsletter") < people or sink.count("reminder") < people
            ):
                time.sleep(0.2)
            figures["emails_done_after_s"] = round(time.monotonic() - started, 1)
            checked = subprocess.run(
                [sys.executable, "-c", CHECK],
                env=env("setup"),
                input=json.dumps(figures["codes"]),
                capture_output=True,
                text=True,
            )
            assert checked.returncode == 0, checked.stderr
            figures.update(json.loads(checked.stdout))
            figures["acknowledged"] = len(figures.pop("codes"))
            for kind in ("newsletter", "reminder"):
                figures[f"{kind}_recipients"] = sink.count(kind)
            figures["sent_twice"] = sum(1 for n in sink.seen.values() if n > 1)
            figures["server_errors"] = sum(
                n for status, n in figures["statuses"].items() if status == 0 or status >= 500
            )
            return figures
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=40)
            except subprocess.TimeoutExpired:
                child.kill()
        smtp.stop()


def bench(clients: int = 40, seconds: float = 30, people: int = 300) -> dict:
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        return run(given, clients, seconds, people)
    with throwaway_cluster() as server:
        return run(server, clients, seconds, people)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=40, help="concurrent writers (40)")
    parser.add_argument("--seconds", type=float, default=30, help="how long they write (30)")
    parser.add_argument("--people", type=int, default=300, help="e-mail recipients (300)")
    args = parser.parse_args()
    r = bench(args.clients, args.seconds, args.people)
    print(
        f"writes: {r['acknowledged']} acknowledged by two serve processes, {r['missing']} lost; "
        f"{r['requests']} requests ({r['per_second']}/s), p50 {r['p50']} s, p99 {r['p99']} s, "
        f"statuses {r['statuses']}, {r['server_errors']} server errors or dropped"
    )
    print(
        f"e-mails: newsletter {r['newsletter_recipients']}/{args.people}, reminders "
        f"{r['reminder_recipients']}/{args.people}, {r['sent_twice']} sent twice, all out "
        f"{r['emails_done_after_s']} s after the start; newsletter batches per worker "
        f"{r['batches_per_worker']}; task table {r['tasks']}"
    )
    ok = (
        r["missing"] == 0
        and r["server_errors"] == 0
        and r["sent_twice"] == 0
        and r["newsletter_recipients"] == args.people
        and r["reminder_recipients"] == args.people
        and r["stale"] == 0
        and r["tasks"]["FAILED"] == 0
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
