"""The verbs and sub-verbs of `attune`, read from its parser, for the tests that cover each."""

from __future__ import annotations

import argparse
from functools import cache

from attune.cli.main import build_parser


@cache
def attune() -> argparse.ArgumentParser:
    return build_parser()[0]


def subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    """The verbs (or sub-verbs) a parser offers, if any."""
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def parser_at(words: tuple[str, ...]) -> argparse.ArgumentParser:
    """The parser of `attune WORDS...`: () is `attune` itself."""
    parser = attune()
    for word in words:
        parser = subcommands(parser).choices[word]
    return parser


def verb_paths(above: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every verb and sub-verb below `attune ABOVE...`, as typed: ("instruments",),
    ("instruments", "list"), ... in the order --help lists them."""
    verbs = subcommands(parser_at(above))
    found: list[tuple[str, ...]] = []
    for name in verbs.choices if verbs else ():
        found.append((*above, name))
        found.extend(verb_paths((*above, name)))
    return found


def one_line_helps(words: tuple[str, ...]) -> dict[str, str | None]:
    """What `attune WORDS... --help` says of each verb under it, by name (None if nothing)."""
    verbs = subcommands(parser_at(words))
    if verbs is None:
        return {}
    # argparse lists a verb in --help only when it was given a help.
    said = {choice.dest: choice.help for choice in verbs._choices_actions}
    return {name: said.get(name) for name in verbs.choices}


def typed(words: tuple[str, ...]) -> str:
    """The words as typed, for test ids: "attune instruments list"."""
    return " ".join(("attune", *words))
