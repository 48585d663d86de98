"""`attune manage`: run a Django management command with Attune's settings."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "manage",
        help="run a Django management command",
        description="Run a Django management command, for example: attune manage createsuperuser.",
    )
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
    return "manage"


def run(args: argparse.Namespace) -> int:
    import os

    from attune.cli.errors import CommandError
    from attune.cli.serve import SETTINGS

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(["attune manage", *args.args])
    except OperationalError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CommandError(
            f"a database cannot be used: {reason} (check DATABASE_URL and KEYS_DATABASE_URL)"
        ) from None
    return 0
