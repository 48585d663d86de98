"""Budget (issue 5): each on their own phone, a step taken on one phone shows on the other within
2 seconds on loopback, and the polling costs at most 1 database query per client per second.

Starts `attune serve` on a throwaway data folder, links two people and starts a run for two. Then,
trial after trial, one client presses Next (or Back) over HTTP while the other polls as the page's
script does (every second, no cookies); the figure is the time from the press until the other
client has its new step page. Queries per poll are counted in-process with Django's test client
(middleware included) and CaptureQueriesContext on every database connection.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ATTUNE = Path(sys.executable).parent / "attune"
SHOW_BUDGET_S = 2.0
QUERIES_PER_CLIENT_S_BUDGET = 1.0

SETUP = """
import django, json
django.setup()
from django.conf import settings
from importlib import import_module
from attune.accounts.models import User
from attune.activities.live import make_token, POLL_EVERY_MS
from attune.activities.models import Run, SharedRun
from attune.couples.models import Link

def person(email, name):
    return User.objects.create_user(email, "a long bench passphrase", display_name=name)

def session(user):
    s = import_module(settings.SESSION_ENGINE).SessionStore()
    s["_auth_user_id"] = str(user.pk)
    s["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    s["_auth_user_hash"] = user.get_session_auth_hash()
    s["last_seen"] = 2**40
    s.create()
    return s.session_key

robin, sam = person("robin@example.org", "Robin"), person("sam@example.org", "Sam")
Link.objects.create(first=robin, second=sam)
shared = SharedRun.objects.create(activity_id="conversation-night", started_by=robin, partner=sam)
mine = Run.objects.create(user=robin, activity_id=shared.activity_id, mode=Run.APART, shared=shared)
theirs = Run.objects.create(user=sam, activity_id=shared.activity_id, mode=Run.APART, shared=shared)
print(json.dumps({
    "cookie": settings.SESSION_COOKIE_NAME,
    "robin": {"session": session(robin), "run": mine.code},
    "sam": {"session": session(sam), "run": theirs.code},
    "token": make_token(sam.code, shared.code),
    "every_ms": POLL_EVERY_MS,
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} in {timeout:.0f} s")


class Browser:
    """One phone: its cookies, and the step page it last loaded."""

    def __init__(self, base: str, cookies: dict[str, str]) -> None:
        self.base = base
        self.cookies = dict(cookies)

    def _open(self, path: str, data: dict[str, str] | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.read().decode()

    def page(self, path: str) -> str:
        return self._open(path)

    def press(self, path: str, page: str, action: str) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "action": action, "version": version}
        return self._open(path, form)


class Poller(threading.Thread):
    """Polls like activities/live.js: a request, then a wait of one period, then again."""

    def __init__(self, url: str, every_s: float) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.every_s = every_s
        self.version = 0
        self.asked: list[float] = []
        self.changed = threading.Condition()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.asked.append(time.monotonic())
            with urllib.request.urlopen(self.url, timeout=10) as response:  # noqa: S310
                version = json.loads(response.read())["version"]
            with self.changed:
                if version != self.version:
                    self.version = version
                    self.changed.notify_all()
            self.stopping.wait(self.every_s)

    def rate(self) -> float:
        """Polls per second, from the first poll to the last."""
        return (len(self.asked) - 1) / (self.asked[-1] - self.asked[0])

    def wait_past(self, version: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.version > version, timeout)


def step_number(page: str) -> int:
    return int(re.search(r"Step (\d+) of", page).group(1))


def queries_per_poll(data: Path, live_path: str, session: str, cookie: str) -> tuple[int, int]:
    """Queries one poll costs in-process, without cookies (as the script sends it) and, for
    reference, with the person's session cookie."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def count(client: Client) -> int:
        contexts = [CaptureQueriesContext(connections[alias]) for alias in connections]
        for context in contexts:
            context.__enter__()
        response = client.get(live_path, HTTP_HOST="127.0.0.1")
        for context in contexts:
            context.__exit__(None, None, None)
        assert response.status_code == 200, response.status_code
        return sum(len(context) for context in contexts)

    bare = max(count(Client()) for _ in range(5))
    with_cookie = Client()
    with_cookie.cookies[cookie] = session
    return bare, max(count(with_cookie) for _ in range(5))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=30, help="presses to time")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="attune-bench-"))
    env = {
        **os.environ,
        "ATTUNE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{data / 'attune.sqlite3'}"),
    }
    os.environ.update({k: env[k] for k in ("ATTUNE_DATA_DIR", "DATABASE_URL")})
    port = free_port()
    server = subprocess.Popen(
        [str(ATTUNE), "serve", "--port", str(port), "--workers", "1", "--threads", "4"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    shown: list[float] = []
    seen: list[float] = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        made = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if made.returncode:
            raise SystemExit(made.stderr)
        fixture = json.loads(made.stdout.strip().splitlines()[-1])
        cookie = fixture["cookie"]
        robin = Browser(base, {cookie: fixture["robin"]["session"]})
        sam = Browser(base, {cookie: fixture["sam"]["session"]})
        robin_path = f"/activities/runs/{fixture['robin']['run']}/"
        sam_path = f"/activities/runs/{fixture['sam']['run']}/"
        live_path = f"/activities/live/{fixture['token']}/"
        robin_page = robin.page(robin_path)
        if 'name="version"' not in robin_page:
            raise SystemExit(f"the step page did not load:\n{robin_page[:3000]}")
        sam.page(sam_path)
        poller = Poller(base + live_path, fixture["every_ms"] / 1000)
        poller.start()
        for trial in range(args.trials):
            # A press lands anywhere in the other phone's polling period, as in real use.
            time.sleep(random.uniform(0.2, 1.2))
            before = int(re.search(r'name="version" value="(\d+)"', robin_page).group(1))
            action = "next" if trial % 2 == 0 else "back"
            pressed = time.monotonic()
            robin_page = robin.press(robin_path, robin_page, action)
            if not poller.wait_past(before, timeout=10):
                raise SystemExit("the other phone never saw the press")
            seen.append(time.monotonic() - pressed)
            page = sam.page(sam_path)
            shown.append(time.monotonic() - pressed)
            if step_number(page) != step_number(robin_page):
                raise SystemExit("the two phones show different steps")
        poller.stopping.set()
        poller.join()
        polls_per_s = poller.rate()
        bare, with_cookie = queries_per_poll(data, live_path, fixture["sam"]["session"], cookie)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)
    per_client_s = bare * polls_per_s
    worst = max(shown)
    print(f"two phones, granian 1 worker on loopback, {args.trials} presses (Next/Back)")
    print(f"  poll seen the press: median {statistics.median(seen):.2f} s, worst {max(seen):.2f} s")
    print(
        f"  new step page shown: median {statistics.median(shown):.2f} s, worst {worst:.2f} s"
        f" (budget < {SHOW_BUDGET_S:.1f} s)"
    )
    print(f"  polls per client per second: {polls_per_s:.2f}")
    print(f"  queries per poll (no cookie, as the script sends it): {bare}")
    print(f"  queries per poll if a session cookie were sent (reference): {with_cookie}")
    print(
        f"  queries per client per second: {per_client_s:.2f}"
        f" (budget <= {QUERIES_PER_CLIENT_S_BUDGET:.0f})"
    )
    ok = worst < SHOW_BUDGET_S and per_client_s <= QUERIES_PER_CLIENT_S_BUDGET
    print("  within budget" if ok else "  OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
