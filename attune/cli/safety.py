"""`attune safety`: train and evaluate the free-text safety model."""

from __future__ import annotations

import argparse
from pathlib import Path

# The model's long-text readings (attune.core.screen.model.LONG_READINGS), named here so the
# command line is built without loading numpy.
LONG_READINGS = ("windows", "spans", "gated", "short")


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
            "test set): the recall goals first (crisis 98% any tier, active and plan 95% at "
            "help first, abuse disclosures 96%; with --goals strict 99%, 97% and 98%), then the "
            "fewest false alarms on hard negatives and everyday lines. Writes screen.onnx, "
            "screen.json and tokenizer.json to the model folder. Needs pip install -e "
            "'.[train]'; nothing at run time does."
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
        "--long",
        type=int,
        default=0,
        metavar="N",
        help=(
            "also train on N long entries made from the training set's own texts (half with a "
            "crisis text or abuse disclosure buried among everyday lines, half with a hard "
            "negative or nothing buried), at 300 to 2,500 words (default 0)"
        ),
    )
    _add_goals(train)
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
    _add_goals(tune)
    evaluate = sub.add_parser(
        "eval",
        help="measure the layered screen against each target, on the tuning or the test set",
        description=(
            "Screen every text of a labelled set (the tuning set unless --set names another) with "
            "the default layers, as a person's words are screened, and print each target with its "
            "count and a 95% Wilson interval: crisis recall at any tier, active and plan at help "
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
    evaluate.add_argument(
        "--long",
        action="store_true",
        help=(
            "the long-text check instead: each crisis text and abuse disclosure of the set, and "
            "200 of its hard negatives, "
            "buried once among the set's own everyday lines and sign statements (1 in 5), "
            "at 300, 600, 1,200 and 2,500 words, first, in the middle or last, and 24 entries "
            "of those lines alone (fixed seed, the same entries every run); prints how often "
            "the buried risky text gets a tier of its kind and help first where it asks for "
            "it, and how often an entry alarms when nothing buried needs help. Only lines the "
            "screen leaves silent on their own are used as filler. Slow: 535 long entries"
        ),
    )
    evaluate.add_argument(
        "--reading",
        choices=LONG_READINGS,
        help=(
            "how a text longer than one window (128 word pieces) is read, in place of the "
            "model's own: windows (of 128 only), spans (windows and each sentence with its "
            "neighbours, at most 48 pieces), gated (spans raise the tier only to a check-in "
            "unless a window over them gives a tier too), short (windows of 64, stride 32). "
            "Shorter texts are read the same way by all"
        ),
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


def _add_goals(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--goals",
        choices=("issue", "strict"),
        default="issue",
        help=(
            "the recall goals the thresholds must reach on the tuning set: issue (crisis 98%%, "
            "active and plan at help first 95%%, abuse 96%%) or strict (99%%, 97%%, 98%%)"
        ),
    )


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
    config = training.Config(
        epochs=args.epochs, lr=args.lr, layers=args.layers, seed=args.seed, long=args.long
    )
    try:
        report = training.train(
            out, config, sentences=args.sentences, root=args.sets, goals=args.goals
        )
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
    report = retune(out, args.sets, args.goals)
    where = out / "screen.json"
    print(f"tuned on {report['texts']} texts to the {args.goals} goals; wrote {where}")
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
    from attune.core.screen.evaluation import evaluate, evaluate_long_set
    from attune.core.screen.model import ModelLayer
    from attune.core.screen.phrases import PhraseLayer, phrases
    from attune.core.screen.screening import default_layers

    root = args.sets or SETS_DIR
    texts = load_sets(root).get(args.set)
    if not texts:
        raise CommandError(f"no {args.set} set in {root}")
    layers = [PhraseLayer(phrases())] if args.phrases_only else list(default_layers())
    if args.reading:
        layers = [_reading(layer, args.reading) for layer in layers]
    models = [layer.model for layer in layers if isinstance(layer, ModelLayer)]
    reading = models[0].settings.long if models else ""
    if args.long:
        entries, result = evaluate_long_set(texts, layers)
        what = f"long-text check built from the {args.set} set ({root / args.set})"
        print(f"{what}: {len(entries)} entries of 300 to 2,500 words")
    else:
        result = evaluate(texts, layers)
        print(f"{args.set} set ({root / args.set}): {len(texts)} texts", end="")
    names = ", ".join(result.layers)
    print(f"; layers: {names}" + (f"; long texts read as {reading}" if reading else ""))
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


def _reading(layer: object, reading: str) -> object:
    """The model layer reading long texts as asked; any other layer as it is."""
    import dataclasses

    from attune.core.screen.model import ModelLayer, SafetyModel

    if not isinstance(layer, ModelLayer):
        return layer
    model = layer.model
    return ModelLayer(SafetyModel(model.encoder, dataclasses.replace(model.settings, long=reading)))
