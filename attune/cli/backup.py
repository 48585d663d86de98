"""`attune backup DIR`: a consistent copy of both databases while Attune serves, in two parts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "backup",
        help="back up both databases, main and keys apart, with manifests and checksums",
        description=(
            "Copy the main database and the keys database while Attune serves (SQLite's online "
            "backup API, or pg_dump for PostgreSQL) into an empty or new folder: DIR/main and "
            "DIR/keys, or DIR and --keys-dir. Each part holds its file and a manifest.json "
            "(Attune's version, the engine, the migrations applied, the size and SHA-256). "
            "Keep the keys part apart, with a short retention (docs/privacy.md): it is the "
            "one thing that can unlock the writing in an old main backup."
        ),
    )
    parser.add_argument("dir", metavar="DIR", help="an empty or new folder")
    parser.add_argument(
        "--keys-dir", metavar="KEYSDIR", help="write the keys part here instead (default DIR/keys)"
    )
    return "backup"


def run(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.cli.serve import _django

    _django()
    from attune.upkeep.backup import BackupError, backup

    keys = Path(args.keys_dir).resolve() if args.keys_dir else None
    try:
        written = backup(Path(args.dir).resolve(), keys, sys.stdout)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    for part in ("main", "keys"):
        made = written[part]
        print(f"{part}: {made['dir']} ({made['bytes']:,} bytes, sha256 {made['sha256'][:16]}...)")
    return 0
