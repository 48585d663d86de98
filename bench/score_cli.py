"""Budget: `attune score` answers in under 0.3 s wall (it must not load Django).

Runs the real command on a full set of check-up answers, several times, next to a bare
`python -c pass` as a baseline from the same run, and prints median and worst wall times.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 0.3
RUNS = 15
ATTUNE = Path(sys.executable).parent / "attune"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    from attune.core.instruments import get_instrument

    checkup = get_instrument("checkup")
    answers = {item.id: item.values[len(item.values) // 2] for item in checkup.items}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"instrument": "checkup", "answers": answers}, handle)
    command = [str(ATTUNE), "score", "--answers", handle.name, "--json"]
    timed(command)  # warm the file cache once
    score = [timed(command) for _ in range(RUNS)]
    bare = [timed([sys.executable, "-c", "pass"]) for _ in range(RUNS)]
    median, worst = statistics.median(score), max(score)
    print(f"attune score --json, {len(answers)} answers, {RUNS} runs")
    ms = 1000
    print(f"  median {median * ms:.0f} ms, worst {worst * ms:.0f} ms, budget {BUDGET_S * ms:.0f}")
    print(f"  bare python start-up: median {statistics.median(bare) * 1000:.0f} ms")
    print(f"  median / budget = {median / BUDGET_S:.2f}; worst / budget = {worst / BUDGET_S:.2f}")
    verdict = "within budget" if worst < BUDGET_S else "OVER BUDGET"
    print(f"  {verdict}")
    return 0 if worst < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
