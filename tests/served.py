"""A real `attune serve` on a throwaway data folder, for tests that need real processes and
real concurrent requests (races, kills), not the test client."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from http.client import HTTPConnection, HTTPResponse
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ATTUNE = Path(sys.executable).parent / "attune"


def main_database(data: Path) -> str:
    """SQLite in `data`; on a PostgreSQL run (DATABASE_URL names a server), a new database of its
    own on that server, so the served app neither fills nor finds the suite's database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{data / 'attune.sqlite3'}"
    import psycopg

    name = f"attune_served_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    """Remove a database main_database made on a PostgreSQL server (nothing for SQLite)."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepared_env(data: Path) -> dict[str, str]:
    """Environment for a server with its data in `data`, migrated and ready to serve. Drop its
    DATABASE_URL with drop_database when done."""
    env = {
        **os.environ,
        "ATTUNE_DATA_DIR": str(data),
        "DATABASE_URL": main_database(data),
        "KEYS_DATABASE_URL": f"sqlite:///{data / 'keys.sqlite3'}",
        "EMAIL_URL": f"file://{data / 'outbox'}",
    }
    prepare = "from attune.cli.serve import prepare; prepare()"
    done = subprocess.run([sys.executable, "-c", prepare], env=env, timeout=180)
    assert done.returncode == 0
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
            return True
    except OSError:
        return False


def serve(env: dict, port: int, *extra: str) -> subprocess.Popen:
    # Standard error to a file, not a pipe: a web worker left behind would hold a pipe open.
    said = Path(env["ATTUNE_DATA_DIR"]) / f"serve-{port}-{len(extra)}.err"
    server = subprocess.Popen(
        [str(ATTUNE), "serve", "--no-migrate", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=said.open("w"),
    )
    server.said = said  # type: ignore[attr-defined]
    return server


def wait_until_served(server: subprocess.Popen, port: int, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and server.poll() is None:
        if answers(port):
            return
        time.sleep(0.3)
    raise AssertionError(f"attune serve did not come up: {server.said.read_text()}")


class Browser:
    """One person's cookies against the served app; each request on a connection of its own,
    opened by `connect` so that racing sends leave at the same moment."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def connect(self) -> HTTPConnection:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.connect()
        return connection

    def _send(self, connection, method: str, path: str, body: str | None = None) -> HTTPResponse:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")  # type: ignore[attr-defined]
        return response

    def keep(self, response: HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value

    def get(self, path: str) -> HTTPResponse:
        response = self._send(self.connect(), "GET", path)
        self.keep(response)
        return response

    def post(self, path: str, data: dict, connection: HTTPConnection | None = None):
        return self._send(connection or self.connect(), "POST", path, urlencode(data, doseq=True))

    def form_token(self, path: str) -> str:
        page = self.get(path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
