"""`attune score`: score a file of answers and print the report, as JSON or readable text."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attune.cli.errors import CommandError

if TYPE_CHECKING:
    from attune.core.report import Report


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
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
    parser.add_argument(
        "--answers", required=True, metavar="FILE", help="answers file, or - for stdin"
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON instead of a readable report"
    )
    parser.add_argument(
        "--country", default=None, metavar="CC", help="two-letter country code for help lines"
    )
    return "score"


def read_source(source: str) -> str:
    """The text of a file, or of standard input for "-"; a CommandError names what went wrong."""
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{source} is not UTF-8 text") from exc


def parse_answers_file(text: str, source: str) -> tuple[str, dict[str, Any], int | None]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    if not isinstance(data, dict):
        raise CommandError(
            f'{source} must hold a JSON object: {{"instrument": ..., "answers": {{...}}}}'
        )
    instrument = data.get("instrument")
    if not isinstance(instrument, str):
        raise CommandError(f'{source}: field "instrument" must be a string naming an instrument')
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise CommandError(f'{source}: field "answers" must be an object of item id to value')
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise CommandError(f'{source}: field "version" must be an integer')
    return instrument, answers, version


def run(args: argparse.Namespace) -> int:
    from attune.core.instruments import AnswerError, UnknownInstrument, get_instrument
    from attune.core.report import build_report
    from attune.core.serialise import report_dict

    source = "standard input" if args.answers == "-" else args.answers
    instrument_id, answers, version = parse_answers_file(read_source(args.answers), source)
    try:
        instrument = get_instrument(instrument_id, version)
        report = build_report(instrument, answers)
    except UnknownInstrument as exc:
        raise CommandError(str(exc)) from exc
    except AnswerError as exc:
        raise CommandError(f"item {exc.item_id}: {exc.message}") from exc
    if args.json:
        print(json.dumps(report_dict(report, args.country), ensure_ascii=False))
    else:
        print(readable(report, args.country))
    return 0


def readable(report: Report, country: str | None) -> str:
    from attune.core.concepts import concepts
    from attune.core.serialise import safety_lines

    model = concepts()
    out: list[str] = []
    if report.safety.positive:
        out.append(
            "You matter, and you do not have to face this alone. People you can talk to now:"
        )
        for line in safety_lines(report.safety, country):
            out.append(f"  * {line.name}: {line.how} ({line.hours})")
        out.append("")
    out.append(f"Your {report.instrument_id} (version {report.instrument_version})")

    def row(result: Any) -> str:
        name = model.name_of(result.construct)
        if result.score is None:
            return f"  {name:<36} no score: {result.reason}"
        return f"  {name:<36} {result.score:>3}/100  {result.band.name}"

    for title, group in (
        ("Signs", report.signs),
        ("Causes", report.causes),
        ("Well-being", report.wellbeing),
    ):
        shown = [r for r in group if r.construct not in ("abuse_neglect", "crisis")]
        if shown:
            out.append(f"\n{title} (0-100, higher is healthier)")
            out.extend(row(r) for r in shown)
    if report.likely_causes:
        out.append("\nLikely causes, most likely first")
        for cause in report.likely_causes:
            out.append(f"  {model.causes[cause.cause].name} ({cause.score}/100)")
            for e in cause.evidence:
                out.append(f'    because you said "{e.answer}" to "{e.text}"')
    if report.strengths:
        out.append("\nStrengths")
        out.extend(f"  {model.name_of(s)}" for s in report.strengths)
    out.append("\nYour plan")
    for number, step in enumerate(report.plan, 1):
        out.append(f"  {number}. {model.strategies[step.strategy].name}")
        for a in step.activities:
            where = "together" if a.couple else "on your own"
            out.append(f"     - {model.activities[a.id].title} ({where})")
    out.append("\nThis is self-help, not a diagnosis.")
    return "\n".join(out)
