"""`attune worker`: run background tasks (reminders, invitations, newsletters)."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "worker",
        help="run background tasks",
        description="Run the background task worker (being built: issue 6).",
    )
    parser.set_defaults(verb="worker")
    return "worker"


def run(args: argparse.Namespace) -> int:
    from attune.cli.main import CommandError

    raise CommandError("the worker is not built yet")
