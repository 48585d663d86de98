"""`attune safety`: train and evaluate the free-text safety model."""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "safety",
        help="train or evaluate the safety screen's model",
        description="Train the safety model's classifiers, or measure the layered screen.",
    )
    sub = parser.add_subparsers(dest="safety_verb", metavar="VERB", required=True)
    train = sub.add_parser(
        "train",
        help="rebuild the classifier weights from the example bank",
        description=(
            "Fit the crisis and abuse classifiers (logistic regression, solved deterministically: "
            "the same bank gives the same weights) on the example bank, then set each class's "
            "thresholds on the tuning set: the check-in threshold keeps the layered screen's "
            "recall at 98%% for crisis and 95%% for abuse; the alarm threshold lets the model "
            "alone alarm on at most 3%% of the tuning negatives, and only when its logistic "
            "reading or its nearest examples agree; the strong threshold, above every tuning "
            "negative, alarms without that agreement. Writes classifier.json and "
            "bank.npy to the model folder."
        ),
    )
    train.add_argument("--bank", type=Path, help="example bank (default: the shipped bank.yaml)")
    train.add_argument("--tuning", type=Path, help="tuning set (default: the shipped tuning.yaml)")
    train.add_argument("--out", type=Path, help="weights folder (default: the model folder)")
    evaluate = sub.add_parser(
        "eval",
        help="measure recall and false positives on the frozen test set",
        description=(
            "Screen every text of the frozen test set with the default layers. Prints recall per "
            "class (caught at tier 1 or 2 with the right class) with 95%% Wilson intervals, the "
            "share caught at tier 2, false positives on hard negatives and on ordinary text "
            "separately (any tier, and tier 2 alone), the false-positive measure the floors use "
            "(tier 2 on a hard negative, or any tier on one that is not a negated disclosure), "
            "and the misses by category."
        ),
    )
    evaluate.add_argument("--test", type=Path, help="test set (default: the shipped test.yaml)")
    evaluate.add_argument(
        "--phrases-only", action="store_true", help="measure the phrase layer alone"
    )
    parser.set_defaults(verb="safety")
    return "safety"


def run(args: argparse.Namespace) -> int:
    from attune.cli.main import CommandError
    from attune.core.content import ContentError
    from attune.core.screen.encoder import ModelUnavailable

    try:
        if args.safety_verb == "train":
            return _train(args)
        return _eval(args)
    except (ContentError, ModelUnavailable) as exc:
        raise CommandError(str(exc)) from exc


def _train(args: argparse.Namespace) -> int:
    from attune.core.screen.encoder import SAFETY_DIR, model_dir
    from attune.core.screen.training import train

    bank = args.bank or SAFETY_DIR / "bank.yaml"
    tuning = args.tuning or SAFETY_DIR / "tuning.yaml"
    out = args.out or model_dir()
    report = train(bank, tuning, out)
    print(f"trained on {report['bank']} examples, tuned on {report['tuning']}; wrote {out}")
    for kind in ("crisis", "abuse"):
        t = report[kind]
        print(
            f"  {kind}: check-in at {t['check_in']:.3f}, resources at once at {t['alarm']:.3f}"
            f" (with the readings' agreement; without it at {t['strong']:.3f})"
        )
    return 0


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _eval(args: argparse.Namespace) -> int:
    from attune.core.screen.encoder import SAFETY_DIR
    from attune.core.screen.evaluation import evaluate
    from attune.core.screen.examples import load_examples
    from attune.core.screen.phrases import PhraseLayer, phrases
    from attune.core.screen.screening import default_layers

    path = args.test or SAFETY_DIR / "test.yaml"
    examples = load_examples(path)
    layers = [PhraseLayer(phrases())] if args.phrases_only else list(default_layers())
    result = evaluate(examples, layers)
    print(f"{path}: {len(examples)} texts; layers: {', '.join(result.layers)}")
    print("recall (tier 1 or 2, right class), 95% Wilson interval:")
    for kind, rate in result.recall.items():
        low, high = rate.wilson()
        at_once = result.at_once[kind]
        print(
            f"  {kind:<8} {rate.hits}/{rate.total} = {_pct(rate.share)}"
            f" [{_pct(low)}, {_pct(high)}]; at once (tier 2): {_pct(at_once.share)}"
        )
    print("false positives on texts that need no help, 95% Wilson interval:")
    for group in ("hard", "ordinary"):
        flagged, alarmed = result.flagged[group], result.alarmed[group]
        low, high = flagged.wilson()
        name = "hard negatives" if group == "hard" else "ordinary text"
        print(
            f"  {name:<15} any tier {flagged.hits}/{flagged.total} = {_pct(flagged.share)}"
            f" [{_pct(low)}, {_pct(high)}]; tier 2: {alarmed.hits}/{alarmed.total}"
            f" = {_pct(alarmed.share)}"
        )
    fp = result.false_positive
    low, high = fp.wilson()
    print(
        f"  false positives on hard negatives (tier 2 on any, or any tier on one that is not a"
        f" negated disclosure, where a check-in is the wanted answer): {fp.hits}/{fp.total}"
        f" = {_pct(fp.share)} [{_pct(low)}, {_pct(high)}]"
    )
    print("misses by category:")
    for where, texts in result.misses.items() or {"(none)": []}.items():
        print(f"  {where}: {len(texts)}")
        for text in texts:
            print(f"    - {text}")
    print("false positives by category:")
    for where, texts in result.false_alarms.items() or {"(none)": []}.items():
        print(f"  {where}: {len(texts)}")
        for text in texts:
            print(f"    - {text}")
    return 0
