"""`attune safety`: train and evaluate the free-text safety model."""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "safety",
        help="train or evaluate the safety screen's model",
        description="Fine-tune the safety screen's model, or measure the layered screen.",
    )
    sub = parser.add_subparsers(dest="safety_verb", metavar="VERB", required=True)
    train = sub.add_parser(
        "train",
        help="fine-tune the model on the training set (needs the train extra)",
        description=(
            "Fine-tune the MiniLM encoder itself, with a head each for crisis (none, distress, "
            "passive, active, plan), abuse (none, worry, disclosure), the abuse kind and the "
            "sign, on the training set (sets/train), on CPU; export it to ONNX and quantise it "
            "to int8. Then set each kind's thresholds on the tuning set (sets/tune, never the "
            "test set): the recall goals first (crisis 98%% any tier, active and plan 95%% at "
            "help first, abuse disclosures 96%%), then the fewest false alarms on hard negatives "
            "and everyday lines. Writes screen.onnx, screen.json and tokenizer.json to the model "
            "folder. Needs pip install -e '.[train]'; nothing at run time does."
        ),
    )
    train.add_argument("--out", type=Path, help="model folder (default: the shipped one)")
    train.add_argument("--sets", type=Path, help="folder of the sets (default: the shipped one)")
    train.add_argument("--epochs", type=int, default=3, help="passes over the training set")
    train.add_argument("--lr", type=float, default=6e-5, help="the encoder's learning rate")
    train.add_argument(
        "--layers", type=int, default=6, help="how many of the encoder's 6 blocks learn (top ones)"
    )
    train.add_argument("--seed", type=int, default=13)
    train.add_argument(
        "--sentences",
        action="store_true",
        help="read each sentence on its own as well as the whole text (in windows)",
    )
    tune = sub.add_parser(
        "tune",
        help="set a trained model's thresholds again on the tuning set (no training)",
        description=(
            "Score the tuning set (sets/tune) with the model as it is served and choose each "
            "kind's thresholds and the sign floor again, as training does at its end; rewrites "
            "screen.json in the model folder. Needs no train extra."
        ),
    )
    tune.add_argument("--out", type=Path, help="model folder (default: the shipped one)")
    tune.add_argument("--sets", type=Path, help="folder of the sets (default: the shipped one)")
    evaluate = sub.add_parser(
        "eval",
        help="measure the layered screen against each target, on the tuning or the test set",
        description=(
            "Screen every text of a labelled set (the tuning set unless --set test) with the "
            "default layers, as a person's words are screened, and print each target with its "
            "count and a 95%% Wilson interval: crisis recall at any tier, active and plan at help "
            "first, abuse recall with the right class, hard negatives and everyday lines at any "
            "tier and at help first, sign suggestions top-1 and top-2 and top-1 per sign; then "
            "the misses and the false alarms. Read the test set only to report, never to tune."
        ),
    )
    evaluate.add_argument("--set", choices=("tune", "test", "train"), default="tune")
    evaluate.add_argument("--sets", type=Path, help="folder of the sets (default: the shipped one)")
    evaluate.add_argument(
        "--phrases-only", action="store_true", help="measure the phrase layer alone"
    )
    evaluate.add_argument(
        "--quiet", action="store_true", help="print the figures only, not the texts"
    )
    return "safety"


def run(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.core.content import ContentError
    from attune.core.screen.encoder import ModelUnavailable

    try:
        if args.safety_verb == "train":
            return _train(args)
        if args.safety_verb == "tune":
            return _tune(args)
        return _eval(args)
    except (ContentError, ModelUnavailable) as exc:
        raise CommandError(str(exc)) from exc


def _train(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.core.screen.encoder import model_dir

    try:
        from attune.core.screen import training
    except ImportError as exc:
        raise CommandError(
            f"training needs the train extra ({exc.name} is missing): pip install -e '.[train]'"
        ) from exc
    out = args.out or model_dir()
    config = training.Config(epochs=args.epochs, lr=args.lr, layers=args.layers, seed=args.seed)
    try:
        report = training.train(out, config, sentences=args.sentences, root=args.sets)
    except training.MissingTrainExtra as exc:
        raise CommandError(str(exc)) from exc
    print(
        f"trained on {report['texts']} texts in {report['seconds']:.0f} s, tuned on "
        f"{report['tune']}; wrote {out}"
    )
    _print_settings(out)
    return 0


def _tune(args: argparse.Namespace) -> int:
    from attune.core.screen.encoder import model_dir
    from attune.core.screen.tuning import retune

    out = args.out or model_dir()
    report = retune(out, args.sets)
    print(f"tuned on {report['texts']} texts; wrote {out / 'screen.json'}")
    _print_settings(out)
    return 0


def _print_settings(out: Path) -> None:
    from attune.core.screen.model import read_settings

    settings = read_settings(out / "screen.json")
    for kind, t in settings.thresholds.items():
        print(f"  {kind}: check-in at {t.check_in:.2f}, help first at {t.help_first:.2f}")
    print(f"  signs offered at {settings.sign_floor:.3f} or more")


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _eval(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.core.safetysets import SETS_DIR, load_sets
    from attune.core.screen.evaluation import evaluate
    from attune.core.screen.phrases import PhraseLayer, phrases
    from attune.core.screen.screening import default_layers

    root = args.sets or SETS_DIR
    texts = load_sets(root).get(args.set)
    if not texts:
        raise CommandError(f"no {args.set} set in {root}")
    layers = [PhraseLayer(phrases())] if args.phrases_only else list(default_layers())
    result = evaluate(texts, layers)
    names = ", ".join(result.layers)
    print(f"{args.set} set ({root / args.set}): {len(texts)} texts; layers: {names}")
    print("each figure: count, share, 95% Wilson interval, and the target where there is one")
    for figure in result.figures:
        rate = figure.rate
        low, high = rate.wilson()
        goal = ""
        if figure.goal is not None:
            sign = "<=" if figure.ceiling else ">="
            verdict = {True: "met", False: "NOT MET", None: "no texts"}[figure.met]
            goal = f"  (target {sign} {_pct(figure.goal)}: {verdict})"
        print(
            f"  {figure.name}: {rate.hits}/{rate.total} = {_pct(rate.share)}"
            f" [{_pct(low)}, {_pct(high)}]{goal}"
        )
    if args.quiet:
        return 0
    for title, found in (("misses", result.misses), ("false alarms", result.false_alarms)):
        print(f"{title}:")
        for where, texts_found in found.items() or {"(none)": []}.items():
            print(f"  {where}: {len(texts_found)}")
            for text in texts_found:
                print(f"    - {text}")
    return 0
