"""`attune demo`: create two linked demo people with data to explore."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "demo",
        help="demo (being built)",
        description="Being built.",
    )
    parser.set_defaults(verb="demo")
    return "demo"


def run(args: argparse.Namespace) -> int:
    from attune.cli.main import CommandError

    raise CommandError("the demo is not built yet")
