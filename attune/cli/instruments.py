"""`attune instruments list|show`: what questionnaires ship, and their items."""

from __future__ import annotations

import argparse
import json

from attune.cli.errors import CommandError
from attune.core.instruments import UnknownInstrument, get_instrument, instruments
from attune.core.serialise import instrument_dict, instrument_summary


def run_instruments(args: argparse.Namespace) -> int:
    if args.instruments_verb == "list":
        rows = [instrument_summary(i) for i in instruments()]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                print(f"{row['id']:<12} v{row['version']:<4} {row['title']}")
        return 0
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
