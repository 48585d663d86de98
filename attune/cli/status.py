"""`attune status`: the operator's view of one Attune, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "status",
        help="show the databases, safety model, task queue, outbox, last backup and disk",
        description=(
            "Show the state of this Attune: each database (engine, size, migrations still to "
            "apply), the safety model, the task queue (waiting, scheduled, running, stale, "
            "failed) and the workers heard from within the lease, the outbox, the last backup "
            "and disk use, then what needs attention. Exits 1 when something needs attention "
            "(a database out of reach or behind, no worker, a stale or recently failed task, "
            "a degraded safety model, under 5% of the disk free), else 0."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return "status"


def run(args: argparse.Namespace) -> int:
    from attune.cli.serve import _django

    _django()
    from attune.upkeep.status import gather, render

    found = gather()
    if args.json:
        json.dump(found, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(found))
    return 1 if found["problems"] else 0
