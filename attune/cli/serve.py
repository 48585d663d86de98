"""`attune serve` and `attune manage`: the verbs that need Django."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

SETTINGS = "attune.web.settings"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def run_manage(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["attune manage", *argv])
    return 0


def prepare() -> None:
    """Everything a fresh data folder needs before the first request."""
    _django()
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("migrate", database="keys", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def run_serve(args: argparse.Namespace) -> int:
    if not args.no_migrate:
        # In a child process: this one then supervises for hours, and should not keep the
        # 80-odd MB that loading Django and running migrations leaves behind.
        code = "from attune.cli.serve import prepare; prepare()"
        if subprocess.run([sys.executable, "-c", code], check=False).returncode:
            return 1
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--no-ws",
        "attune.web.wsgi:application",
    ]
    print(f"Attune is serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    return _supervise(command, [sys.executable, "-m", "attune.cli.main", "worker", "--quiet"])


def _die_with_parent() -> None:
    """On Linux, have the kernel stop a child if `attune serve` itself is killed outright."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # 1 is PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _supervise(server_command: list[str], worker_command: list[str]) -> int:
    """Run the web server and one task worker; stop the worker when the server stops.

    Both run in their own session so a Ctrl+C reaches them once, from here: the server gets the
    signal as sent, the worker SIGTERM (it finishes the task in hand, then exits). A worker
    that dies while the server runs is started again, so reminders keep going out.
    """
    import signal
    import subprocess
    import time

    def child(command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent)

    server = child(server_command)
    worker = child(worker_command)
    started = time.monotonic()
    stopping: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if server.poll() is None:
            server.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while server.poll() is None:
            # At most one restart every few seconds, so a worker that cannot start does not spin.
            if worker.poll() is not None and not stopping and time.monotonic() - started > 5:
                print("attune serve: the task worker stopped; starting it again", flush=True)
                worker = child(worker_command)
                started = time.monotonic()
            time.sleep(0.5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        if server.poll() is None:
            server.terminate()
            server.wait()
    return 0 if stopping else server.returncode
