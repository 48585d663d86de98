"""The `attune` command: one verb per job. Verbs that only read content never load Django."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from attune import __version__
from attune.cli.errors import CommandError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attune",
        description="Attune: a private companion for rebuilding emotional intimacy.",
        epilog="Run 'attune VERB --help' for the rules each verb applies.",
    )
    parser.add_argument("--version", action="version", version=f"attune {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    serve = verbs.add_parser(
        "serve",
        help="serve the web app (applies migrations first)",
        description=(
            "Apply database migrations, collect static files, check the content, then serve "
            "the web app with granian (a production server, not Django's development server). "
            "Settings come from the environment; see docs/configuration.md."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="web processes (default 1)")
    serve.add_argument("--threads", type=int, default=4, help="threads per process (default 4)")
    serve.add_argument(
        "--no-migrate", action="store_true", help="skip migrations and static collection"
    )

    instruments = verbs.add_parser(
        "instruments",
        help="list or show the questionnaires",
        description="List or show instruments.",
    )
    inst_verbs = instruments.add_subparsers(dest="instruments_verb", metavar="VERB", required=True)
    listing = inst_verbs.add_parser(
        "list",
        help="list the instruments",
        description="List the latest version of each instrument: id, version and title.",
    )
    listing.add_argument(
        "--json", action="store_true", help='print a JSON array of {"id", "version", "title"}'
    )
    show = inst_verbs.add_parser(
        "show",
        help="show one instrument's items",
        description="Show an instrument's items, their constructs, options and keying.",
    )
    show.add_argument("id", help="the instrument id, for example checkup or pulse")
    show.add_argument("--json", action="store_true", help="print JSON")

    score = verbs.add_parser(
        "score",
        help="score a set of answers",
        description=(
            'Score answers given as {"instrument": ID, "answers": {ITEM_ID: VALUE, ...}}. '
            "Each construct is scored 0 to 100, higher always healthier; a construct with fewer "
            "than half its items answered gets no score. A null value means skipped. "
            "Exits with status 2, printing nothing to stdout, on an unknown instrument or item, "
            "a value not among an item's options, or malformed JSON."
        ),
    )
    score.add_argument(
        "--answers", required=True, metavar="FILE", help="answers file, or - for stdin"
    )
    score.add_argument(
        "--json", action="store_true", help="print JSON instead of a readable report"
    )
    score.add_argument(
        "--country", default=None, metavar="CC", help="two-letter country code for help lines"
    )

    verbs.add_parser(
        "check",
        help="validate all content files",
        description=(
            "Validate every content file (concepts, instruments, bands, help lines) against its "
            "schema and cross-references. Exits 1 naming the file and field on the first error."
        ),
    )

    manage = verbs.add_parser(
        "manage",
        help="run a Django management command",
        description="Run a Django management command, for example: attune manage createsuperuser.",
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
    return parser


# Verbs added by later parts of the product: each module offers configure(verbs) and run(args),
# and imports nothing heavy at module level, so `attune score` stays fast.
PLUGGED_VERBS = (
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


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    """The whole command line: the built-in verbs and the plugged ones, with their modules."""
    import importlib

    parser = _parser()
    verbs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    plugged = {}
    for name in PLUGGED_VERBS:
        module = importlib.import_module(name)
        plugged[module.configure(verbs)] = module
    return parser, plugged


def main(argv: Sequence[str] | None = None) -> int:
    parser, plugged = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.verb in plugged:
            return plugged[args.verb].run(args)
        if args.verb == "score":
            from attune.cli.score import run_score

            return run_score(args)
        if args.verb == "instruments":
            from attune.cli.instruments import run_instruments

            return run_instruments(args)
        if args.verb == "check":
            from attune.cli.check import run_check

            return run_check()
        if args.verb == "serve":
            from attune.cli.serve import run_serve

            return run_serve(args)
        if args.verb == "manage":
            from attune.cli.serve import run_manage

            return run_manage(args.args)
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
    raise AssertionError(f"unhandled verb {args.verb}")


if __name__ == "__main__":
    sys.exit(main())
