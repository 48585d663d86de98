"""The `attune` command: one verb per job. Verbs that only read content never load Django."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from attune import __version__
from attune.cli.errors import CommandError

# Every verb, in the order `attune --help` lists them. Each is a module that offers
# configure(verbs) -> name, adding its parser to the subparsers, and run(args) -> int. Every one is
# imported to build the parser, so none imports anything heavy at module level, Django least of
# all: `attune score` stays fast, and the verbs that only read content never load Django.
VERBS = (
    "attune.cli.serve",
    "attune.cli.instruments",
    "attune.cli.score",
    "attune.cli.check",
    "attune.cli.manage",
    "attune.cli.worker",
    "attune.cli.demo",
    "attune.cli.newsletter",
    "attune.cli.screen",
    "attune.cli.safety",
    "attune.cli.fhir",
    "attune.cli.status",
    "attune.cli.counsellor",
    "attune.cli.backup",
    "attune.cli.restore",
)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The whole command line, and the module that runs each verb, by name."""
    parser = argparse.ArgumentParser(
        prog="attune",
        description="Attune: a private companion for rebuilding emotional intimacy.",
        epilog="Run 'attune VERB --help' for the rules each verb applies.",
    )
    parser.add_argument("--version", action="version", version=f"attune {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    modules = {}
    for name in VERBS:
        module = importlib.import_module(name)
        modules[module.configure(verbs)] = module
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    try:
        return modules[args.verb].run(args)
    except CommandError as exc:
        print(f"attune {args.verb}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from attune.cli.serve import configuration_problem

        said = configuration_problem(exc)
        if said is None:
            raise
        # A bad setting: one line naming the variable, no traceback.
        print(f"attune {args.verb}: {said}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
