"""`attune newsletter`: preview and send the weekly tips e-mail."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "newsletter",
        help="newsletter (being built)",
        description="Being built.",
    )
    parser.set_defaults(verb="newsletter")
    return "newsletter"


def run(args: argparse.Namespace) -> int:
    from attune.cli.main import CommandError

    raise CommandError("the newsletter is not built yet")
