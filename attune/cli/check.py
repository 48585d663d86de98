"""`attune check`: validate every content file, naming the file and field of the first error."""

from __future__ import annotations

import argparse
import sys


def configure(verbs: argparse._SubParsersAction) -> str:
    verbs.add_parser(
        "check",
        help="validate all content files",
        description=(
            "Validate every content file (concepts, instruments, bands, help lines) against its "
            "schema and cross-references. Exits 1 naming the file and field on the first error."
        ),
    )
    return "check"


def run(args: argparse.Namespace) -> int:
    from attune.core.check import check_content

    problems = check_content()
    for problem in problems:
        print(f"attune check: {problem}", file=sys.stderr)
    if problems:
        return 1
    from attune.core.screen.model import why_unavailable

    reason = why_unavailable()
    if reason:
        # A warning, not a failure: the phrase layer still screens every text.
        print(
            f"attune check: warning: the safety model cannot load ({reason}); "
            "free text is screened by the phrase layer alone",
            file=sys.stderr,
        )
    print("content ok")
    return 0
