"""`attune instruments list|show`: what questionnaires ship, and their items."""

from __future__ import annotations

import argparse
import json


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "instruments",
        help="list or show the questionnaires",
        description="List or show instruments.",
    )
    sub = parser.add_subparsers(dest="instruments_verb", metavar="VERB", required=True)
    listing = sub.add_parser(
        "list",
        help="list the instruments",
        description="List the latest version of each instrument: id, version and title.",
    )
    listing.add_argument(
        "--json", action="store_true", help='print a JSON array of {"id", "version", "title"}'
    )
    show = sub.add_parser(
        "show",
        help="show one instrument's items",
        description="Show an instrument's items, their constructs, options and keying.",
    )
    show.add_argument("id", help="the instrument id, for example checkup or pulse")
    show.add_argument("--json", action="store_true", help="print JSON")
    return "instruments"


def run(args: argparse.Namespace) -> int:
    if args.instruments_verb == "list":
        return _list(args)
    return _show(args)


def _list(args: argparse.Namespace) -> int:
    from attune.core.instruments import instruments
    from attune.core.serialise import instrument_summary

    rows = [instrument_summary(i) for i in instruments()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            print(f"{row['id']:<12} v{row['version']:<4} {row['title']}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.core.instruments import UnknownInstrument, get_instrument
    from attune.core.serialise import instrument_dict

    try:
        instrument = get_instrument(args.id)
    except UnknownInstrument as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps(instrument_dict(instrument), ensure_ascii=False))
        return 0
    print(f"{instrument.title} (id {instrument.id}, version {instrument.version})")
    print(instrument.description)
    for section in instrument.sections:
        print(f"\n## {section.title}")
        for item in section.items:
            keying = "" if item.higher_is_healthier else " (reverse-keyed)"
            skip = " [may be skipped]" if item.optional else ""
            print(f"- {item.id} [{item.construct}]{keying}{skip}: {item.text}")
            print("    " + "  ".join(f"{o.value}={o.label}" for o in item.options))
    return 0
