"""Budgets of the layered safety screen, measured on this machine.

- screening a 200-token entry with both layers: at most 100 ms;
- the phrase layer alone on the same entry: at most 10 ms;
- loading the model (encoder, tokenizer, weights) in a fresh process: under 2 s;
- the model adds at most 150 MB resident to a process (RSS before and after, fresh process).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

RUNS = 30
ENTRY_TOKENS = 200
# Not a budget, measured so that it is known: a long diary entry, with and without one risky
# sentence in the middle (whose doubtful windows make the screen read their spans too).
LONG_WORDS = 2500
LONG_RUNS = 5
BURIED = "I have put the tablets aside and picked Friday, when the flat will be empty."
BUDGETS = {"screen_ms": 100.0, "phrase_ms": 10.0, "load_s": 2.0, "rss_mb": 150.0}
SENTENCES = [
    "We had a quiet evening and talked about the garden.",
    "My partner laughed at the film, and I felt close to them.",
    "On Sunday we cooked a big pot of soup for the week.",
    "The train was late again, so I read my book on the platform.",
    "We planned a short trip to the coast in spring.",
    "Work has been busy, but the weekend helped us reset.",
    "She made me a cup of tea before I even asked.",
    "We disagreed about the holiday budget and found a middle way.",
]

# Run in a fresh interpreter so the load and the memory are the model's alone.
LOAD = """
import json, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from attune.core.screen.phrases import PhraseLayer, phrases
from attune.core.screen.screening import screen_text
screen_text("warm up the phrase layer", [PhraseLayer(phrases())])
before = rss()
start = time.perf_counter()
from attune.core.screen.model import load_model
model = load_model()
loaded = time.perf_counter() - start
model.probabilities("one sentence read, so the runtime has allocated its buffers")
print(json.dumps({"load_s": loaded, "rss_mb": rss() - before, "before_mb": before}))
"""


def entry(tokenizer) -> str:
    text, index = [], 0
    while len(tokenizer.encode(" ".join(text)).ids) - 2 < ENTRY_TOKENS:
        text.append(SENTENCES[index % len(SENTENCES)])
        index += 1
    return " ".join(text)


def entry_of_words(words: int) -> list[str]:
    """The everyday sentences in turn, to about `words` words."""
    found: list[str] = []
    while sum(len(s.split()) for s in found) < words:
        found.append(SENTENCES[len(found) % len(SENTENCES)])
    return found


def timed(function, text: str) -> float:
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start


def main() -> int:
    from attune.core.screen.model import shipped_model
    from attune.core.screen.phrases import PhraseLayer, phrases
    from attune.core.screen.screening import default_layers, screen_text

    fresh = [
        json.loads(subprocess.run([sys.executable, "-c", LOAD], capture_output=True,
                                  text=True, check=True).stdout)
        for _ in range(3)
    ]  # fmt: skip
    model = shipped_model()
    if model is None:
        print("the model cannot load: run attune safety train")
        return 1
    text = entry(model.encoder.tokenizer)
    tokens = len(model.encoder.tokenizer.encode(text).ids) - 2
    layers, phrase_only = default_layers(), [PhraseLayer(phrases())]
    screen_text(text, layers)  # warm up
    both = [timed(lambda t: screen_text(t, layers), text) for _ in range(RUNS)]
    alone = [timed(lambda t: screen_text(t, phrase_only), text) for _ in range(RUNS)]
    # Medians judge the time budgets: other work on a shared 2-core machine makes the worst
    # case a measure of the neighbours. Both are printed, with the load average.
    figures = {
        "screen_ms": statistics.median(both) * 1000,
        "phrase_ms": statistics.median(alone) * 1000,
        "load_s": max(f["load_s"] for f in fresh),
        "rss_mb": max(f["rss_mb"] for f in fresh),
    }
    ms = 1000
    print(f"load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"entry: {tokens} word pieces, {len(text.split())} words; {RUNS} runs each")
    print(f"  both layers: median {statistics.median(both) * ms:.1f} ms, worst "
          f"{max(both) * ms:.1f} ms (budget {BUDGETS['screen_ms']:.0f} ms, median)")  # fmt: skip
    print(f"  phrase layer alone: median {statistics.median(alone) * ms:.2f} ms, worst "
          f"{max(alone) * ms:.2f} ms (budget {BUDGETS['phrase_ms']:.0f} ms, median)")  # fmt: skip
    print(f"  model load in a fresh process (worst of 3): {figures['load_s']:.2f} s "
          f"(budget {BUDGETS['load_s']:.0f} s)")  # fmt: skip
    print(f"  resident memory the model adds (worst of 3): {figures['rss_mb']:.0f} MB, on "
          f"{fresh[0]['before_mb']:.0f} MB before (budget {BUDGETS['rss_mb']:.0f} MB)")  # fmt: skip
    words = entry_of_words(LONG_WORDS)
    half = len(words) // 2
    for name, long_text in (
        ("everyday diary", " ".join(words)),
        ("the same with one risky sentence in the middle",
         " ".join([*words[:half], BURIED, *words[half:]])),
    ):  # fmt: skip
        runs = [timed(lambda t: screen_text(t, layers), long_text) for _ in range(LONG_RUNS)]
        print(f"  long entry, {LONG_WORDS} words, {name}: median "
              f"{statistics.median(runs) * ms:.0f} ms of {LONG_RUNS} runs (no budget)")  # fmt: skip
    over = [name for name, value in figures.items() if value > BUDGETS[name]]
    for name, value in figures.items():
        print(f"  {name} / budget = {value / BUDGETS[name]:.2f}")
    print("  within budget" if not over else f"  OVER BUDGET: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
