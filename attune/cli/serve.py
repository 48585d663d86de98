"""`attune serve`: the web app with a task worker beside it; and the Django set-up (with the
reading of a bad setting) that every verb needing Django shares."""

from __future__ import annotations

import argparse
import os
import sys

SETTINGS = "attune.web.settings"


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "serve",
        help="serve the web app (applies migrations first)",
        description=(
            "Apply database migrations, collect static files, check the content, then serve "
            "the web app with granian (a production server, not Django's development server). "
            "Settings come from the environment; see docs/configuration.md."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    parser.add_argument("--workers", type=int, default=1, help="web processes (default 1)")
    parser.add_argument("--threads", type=int, default=4, help="threads per process (default 4)")
    parser.add_argument(
        "--no-migrate", action="store_true", help="skip migrations and static collection"
    )
    return "serve"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def prepare(migrate: bool = True) -> None:
    """Everything a fresh data folder needs before the first request; with migrate=False, only
    that the settings load (so a bad one is said here, not in every web worker)."""
    _django()
    if not migrate:
        return
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.db import DatabaseError

    call_command("check", fail_level="ERROR")
    for alias, variable in (("default", "DATABASE_URL"), ("keys", "KEYS_DATABASE_URL")):
        try:
            call_command("migrate", database=alias, interactive=False, verbosity=0)
        except DatabaseError as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ImproperlyConfigured(
                f"{variable}: the database cannot be used: {reason}"
            ) from None
    call_command("collectstatic", interactive=False, verbosity=0)


def prepare_in_child(migrate: bool) -> int:
    """prepare(), run in the child process `attune serve` starts: a problem with the
    configuration is printed as one line naming what to fix, never a traceback."""
    try:
        prepare(migrate)
    except Exception as exc:
        said = configuration_problem(exc)
        if said is None:
            raise
        print(f"attune serve: {said}", file=sys.stderr)
        return 2
    return 0


def configuration_problem(exc: BaseException) -> str | None:
    """What to tell the operator for a bad setting or a failed system check; None for anything
    else (a bug, which keeps its traceback)."""
    exceptions = sys.modules.get("django.core.exceptions")
    if exceptions is not None and isinstance(exc, exceptions.ImproperlyConfigured):
        return str(exc)
    checks = sys.modules.get("django.core.management.base")
    if checks is not None and isinstance(exc, checks.SystemCheckError):
        return str(exc).strip()
    return None


# Set for the web server: each of its worker processes then asks the kernel to stop it when the
# server's main process dies, however it dies (attune.web.wsgi reads it).
DIE_WITH_PARENT = "ATTUNE_DIE_WITH_PARENT"


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on host:port.

    Granian binds with SO_REUSEPORT, so a second server would bind beside a running one and
    the two would split the traffic; a plain bind (without it) is refused while anyone listens.
    """
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False  # granian reports a host it cannot resolve in its own words
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # SO_REUSEADDR only lets a port left in TIME_WAIT by a stopped server be bound again.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return True
    return False


def run(args: argparse.Namespace) -> int:
    import subprocess

    from attune.cli.errors import CommandError

    if port_in_use(args.host, args.port):
        raise CommandError(
            f"{args.host}:{args.port} is already in use, perhaps by another attune serve; "
            "stop that one first, or choose another --port"
        )
    # In a child process: this one then supervises for hours, and should not keep the 80-odd
    # MB that loading Django and running migrations leaves behind.
    code = (
        "import sys; from attune.cli.serve import prepare_in_child; "
        f"sys.exit(prepare_in_child({not args.no_migrate}))"
    )
    prepared = subprocess.run([sys.executable, "-c", code], check=False).returncode
    if prepared:
        return 2 if prepared == 2 else 1
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


def _supervise(server_command: list[str], worker_command: list[str]) -> int:
    """Run the web server and one task worker; stop the worker when the server stops.

    Both run in their own session so a Ctrl+C reaches them once, from here: the server gets the
    signal as sent, the worker SIGTERM (it finishes the task in hand, then exits). A worker
    that dies while the server runs is started again, so reminders keep going out.

    Nothing outlives this process. Each child gets SIGTERM from the kernel if this one is
    killed outright; the server's own worker processes get it if the server's main process is
    (they are in its process group, which is stopped whole when it ends).
    """
    import signal
    import subprocess
    import time

    from attune.operations.parent import die_with_parent

    def child(command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            command, start_new_session=True, preexec_fn=die_with_parent, env=env
        )

    server = child(server_command, env={**os.environ, DIE_WITH_PARENT: "1"})
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
        _stop_group(server.pid)
    if not stopping:
        print(
            f"attune serve: the web server stopped (exit status {server.returncode}); "
            "stopping the task worker too",
            file=sys.stderr,
            flush=True,
        )
    return 0 if stopping else server.returncode or 1


def _stop_group(leader: int) -> None:
    """Stop whatever is left of the server's process group: its web workers, if its main
    process died without stopping them. SIGTERM first, then SIGKILL after a few seconds."""
    import signal
    import time

    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 0.0)):
        try:
            os.killpg(leader, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(leader, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
