"""`attune safety`: train and evaluate the free-text safety model."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "safety",
        help="safety (being built)",
        description="Being built.",
    )
    parser.set_defaults(verb="safety")
    return "safety"


def run(args: argparse.Namespace) -> int:
    from attune.cli.main import CommandError

    raise CommandError("the safety is not built yet")
