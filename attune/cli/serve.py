"""`attune serve` and `attune manage`: the verbs that need Django."""

from __future__ import annotations

import argparse
import os
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
        prepare()
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
    os.execv(sys.executable, command)
    return 0  # not reached: execv replaces this process
