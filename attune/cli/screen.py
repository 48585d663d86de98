"""`attune screen`: screen free text for crisis and abuse language."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "screen",
        help="screen (being built)",
        description="Being built.",
    )
    parser.set_defaults(verb="screen")
    return "screen"


def run(args: argparse.Namespace) -> int:
    from attune.cli.main import CommandError

    raise CommandError("the screen is not built yet")
