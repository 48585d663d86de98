"""`attune fhir`: an instrument as a FHIR R4 Questionnaire, or answers as a FHIR Bundle."""

from __future__ import annotations

import argparse

DEFAULT_SITE = "http://127.0.0.1:8000"


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "fhir",
        help="print an instrument or a set of answers as FHIR R4 JSON",
        description=(
            "Print FHIR R4 JSON (Structured Data Capture conventions). Canonical addresses are "
            "built from ATTUNE_BASE_URL (default http://127.0.0.1:8000), as the API serves them. "
            "The safety questions are marked with the code 'safety' so a receiving system can "
            "treat them apart. Exits with status 2, printing nothing to stdout, on an unknown "
            "instrument or version, or answers that do not fit it."
        ),
    )
    kinds = parser.add_subparsers(dest="fhir_verb", metavar="KIND", required=True)
    questionnaire = kinds.add_parser(
        "questionnaire",
        help="an instrument as a Questionnaire",
        description="Print an instrument as a FHIR R4 Questionnaire, one group per section.",
    )
    questionnaire.add_argument("id", help="the instrument id, for example checkup or pulse")
    questionnaire.add_argument(
        "--version", type=int, default=None, help="an older version of it (default the latest)"
    )
    response = kinds.add_parser(
        "response",
        help="answers as a Bundle: a QuestionnaireResponse and the scores as Observations",
        description=(
            'Read answers in the format of `attune score` ({"instrument": ID, "answers": '
            "{ITEM_ID: VALUE, ...}}) and print a FHIR R4 collection Bundle: the "
            "QuestionnaireResponse, pointing at its Questionnaire by canonical and version, and "
            "one Observation per scored construct (0 to 100, higher healthier). The answers to "
            "the safety questions and their scores are left out unless --private is given."
        ),
    )
    response.add_argument(
        "--answers", required=True, metavar="FILE", help="answers file, or - for stdin"
    )
    response.add_argument(
        "--private",
        action="store_true",
        help="include the safety questions' answers and scores (for your own records only)",
    )
    return "fhir"


def _base() -> str:
    import os

    from attune.core.fhir import fhir_base

    return fhir_base(os.environ.get("ATTUNE_BASE_URL") or DEFAULT_SITE)


def run(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from attune.cli.errors import CommandError
    from attune.cli.score import parse_answers_file, read_source
    from attune.core import fhir
    from attune.core.instruments import AnswerError, UnknownInstrument, get_instrument

    try:
        if args.fhir_verb == "questionnaire":
            resource = fhir.questionnaire(get_instrument(args.id, args.version), _base())
        else:
            source = "standard input" if args.answers == "-" else args.answers
            instrument_id, answers, version = parse_answers_file(read_source(args.answers), source)
            resource = fhir.bundle(
                get_instrument(instrument_id, version),
                answers,
                _base(),
                authored=datetime.now(UTC).replace(microsecond=0),
                private=args.private,
            )
    except UnknownInstrument as exc:
        raise CommandError(str(exc)) from exc
    except AnswerError as exc:
        raise CommandError(f"item {exc.item_id}: {exc.message}") from exc
    print(json.dumps(resource, ensure_ascii=False, indent=2))
    return 0
