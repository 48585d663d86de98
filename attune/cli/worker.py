"""`attune worker`: run background tasks (reminders, invitations, newsletters)."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "worker",
        help="run background tasks (reminder e-mails and more)",
        description=(
            "Run background tasks from the database queue (django-tasks): reminder e-mails, "
            "invitation e-mails, newsletters. It queues the minutely reminder round if none is "
            "waiting, then runs tasks until stopped (Ctrl+C or SIGTERM finish the current task "
            "first). Sending is idempotent: a worker killed half-way and started again never "
            "sends a second copy of a reminder. Run as many as you like against one database; "
            "`attune serve` starts one for you. Needs a migrated database."
        ),
    )
    parser.add_argument(
        "--batch", action="store_true", help="run every task that is due now, then exit"
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="how long to wait between looks at an empty queue (default 1)",
    )
    parser.add_argument("--quiet", action="store_true", help="log nothing but errors")
    parser.set_defaults(verb="worker")
    return "worker"


def run(args: argparse.Namespace) -> int:
    from attune.cli.main import CommandError
    from attune.cli.serve import _django

    if args.interval < 0:
        raise CommandError("--interval must be zero or more seconds")
    _django()
    from django.core.management import call_command
    from django.db.utils import OperationalError, ProgrammingError

    from attune.progress.tasks import queue_next_round

    try:
        queue_next_round()
    except (OperationalError, ProgrammingError) as exc:
        raise CommandError(
            f"the database is not ready ({exc}); run `attune serve` or "
            "`attune manage migrate` first"
        ) from None
    call_command(
        "db_worker",
        interval=args.interval,
        batch=args.batch,
        reload=False,
        startup_delay=not args.batch,
        verbosity=0 if args.quiet else 1,
    )
    return 0
