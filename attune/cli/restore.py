"""`attune restore DIR`: fill an empty data folder from a backup, and delete again the deleted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "restore",
        help="restore both databases from `attune backup`, then apply the ledger of deletions",
        description=(
            "Check a backup made by `attune backup` (each part's manifest, size and SHA-256; a "
            "truncated or changed file is named and nothing is touched), put the main and keys "
            "databases in place, migrate them forward to this version of Attune, and apply the "
            "ledger of deletions: everyone deleted after the backup was made (as the keys "
            "database here and the keys part both record) is deleted again. Refuses a data "
            "folder that already holds a database unless --force; stop Attune first."
        ),
    )
    parser.add_argument("dir", metavar="DIR", help="the folder `attune backup` wrote")
    parser.add_argument(
        "--keys-dir", metavar="KEYSDIR", help="the keys part, if kept apart (default DIR/keys)"
    )
    parser.add_argument("--force", action="store_true", help="replace the databases already there")
    return "restore"


def run(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.cli.serve import _django

    _django()
    from django.core.management import call_command

    from attune.upkeep.backup import BackupError, restore

    def migrate(alias: str) -> None:
        call_command("migrate", database=alias, interactive=False, verbosity=0)

    keys = Path(args.keys_dir).resolve() if args.keys_dir else None
    try:
        done = restore(Path(args.dir).resolve(), keys, args.force, sys.stdout, migrate)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(
        f"Restored and migrated. Deleted again from the backup, as the ledger says: "
        f"{done['people']} person(s), {done['subscriptions']} newsletter subscription(s)."
    )
    return 0
