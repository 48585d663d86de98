"""`attune screen`: screen free text for crisis and abuse language, one text per line."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "screen",
        help="screen texts for crisis and abuse language, one per line of stdin",
        description=(
            "Read texts from standard input, one per line, and screen each with the layered "
            "safety screen: phrase patterns, then the offline fine-tuned model. Tier 0 is nothing, "
            "1 a gentle private check-in, 2 resources at once. Every sentence and the whole line "
            "are read, so one line cannot hide in a long entry; long lines are read in full. An "
            "empty line is tier 0. Signs are suggested only when no tier fired. If the model "
            "cannot load, the phrases screen alone and a warning goes to stderr."
        ),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object per line: {"tier", "crisis", "abuse", "signs", "layer", '
        '"nearest"}',
    )
    return "screen"


def _readable(reading: dict) -> str:
    kinds = [k for k in ("crisis", "abuse") if reading[k]] or ["-"]
    line = f"tier {reading['tier']}  {'+'.join(kinds)}"
    if reading["tier"]:
        line += f"  ({reading['layer']}; nearest: {reading['nearest']})"
    if reading["signs"]:
        signs = ", ".join(f"{s['id']} {s['score']:.2f}" for s in reading["signs"])
        line += f"  signs: {signs}"
    return line


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from attune.core.screen.model import why_unavailable
    from attune.core.screen.screening import model_status, read_text

    if model_status() != "ok":
        reason = why_unavailable() or "unknown reason"
        print(f"attune screen: phrases only, the model cannot load: {reason}", file=sys.stderr)
    sys.stdin.reconfigure(errors="replace")
    for raw in sys.stdin:
        reading = read_text(raw.rstrip("\r\n")).as_dict()
        print(json.dumps(reading) if args.json else _readable(reading), flush=True)
    return 0
