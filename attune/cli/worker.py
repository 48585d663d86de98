"""`attune worker`: run background tasks (reminders, invitations, newsletters)."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "worker",
        help="run background tasks (reminder e-mails and more)",
        description=(
            "Run background tasks from the database queue (django-tasks): reminder e-mails "
            "and the newsletter. It queues the minutely reminder round if none is "
            "waiting, then runs tasks until stopped (Ctrl+C or SIGTERM finish the current task "
            "first). Each worker holds a lease on the task it runs, renewed every few seconds: "
            "a task whose worker died (killed outright, or its machine gone) is picked up "
            "again by any worker once the lease runs out (ATTUNE_TASK_LEASE, 30 s). Sending "
            "is idempotent: a worker killed half-way never sends a second copy of a reminder "
            "or a newsletter. Run as many as you like against one database; `attune serve` "
            "starts one for you. Needs a migrated database."
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
    return "worker"


def run(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.cli.serve import _django

    if args.interval < 0:
        raise CommandError("--interval must be zero or more seconds")
    _django()
    from django.db.utils import OperationalError, ProgrammingError
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Command, Worker

    from attune.operations.lease import Lease
    from attune.progress.tasks import queue_next_round

    worker_id = get_random_string(32)
    lease = Lease(worker_id)
    try:
        # Tasks of workers that died are queued again before the next reminder round is.
        lease.start()
        queue_next_round()
    except (OperationalError, ProgrammingError) as exc:
        lease.stop()
        raise CommandError(
            f"the database is not ready ({exc}); run `attune serve` or "
            "`attune manage migrate` first"
        ) from None
    Command().configure_logging(0 if args.quiet else 1)
    worker = Worker(
        queue_names=["default"],
        interval=args.interval,
        batch=args.batch,
        backend_name="default",
        startup_delay=not args.batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        worker.run()
    finally:
        lease.stop()
    return 0
