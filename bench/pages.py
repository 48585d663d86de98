"""Budget (issues 4 and 16): every page at most 10 queries and at most 60 KB of HTML, CSS and JS
(the service worker counted), nothing from another host.

Builds the demo couple (`attune demo`) in a throwaway SQLite folder, walks every page a person
reaches by links (tests/web/budget.py, the walk tests/web/test_budget_walk.py asserts on), and
prints the heaviest pages and the ones with the most queries, each against its budget.

    .venv/bin/python bench/pages.py [--top 8]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8, help="pages listed in each ranking")
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="attune-bench-pages-"))
    try:
        sys.path.insert(0, str(ROOT))
        from bench.local import setup

        setup(data_dir)
        from attune.cli.demo import populate
        from tests.web.budget import GROWS_WITH_DATA, PAGE_BUDGET_BYTES, QUERY_BUDGET, demo_walk

        populate()
        measured, seen = demo_walk()
        pages = [m for m in measured if m.status == 200]
        over = [m for m in measured if m.over or m.status != 200]
        print(f"{len(pages)} pages of {len(seen)} routes walked; {len(over)} over budget")
        print(f"heaviest (budget {PAGE_BUDGET_BYTES:,} bytes with CSS, JS and service worker):")
        for m in sorted(pages, key=lambda m: -m.bytes)[: args.top]:
            note = "  (grows with what the person keeps)" if m.route in GROWS_WITH_DATA else ""
            print(f"  {m.bytes:>7,}  {m.bytes / PAGE_BUDGET_BYTES:.2f}  {m.path}{note}")
        print(f"most queries (budget {QUERY_BUDGET}):")
        for m in sorted(pages, key=lambda m: -m.queries)[: args.top]:
            print(f"  {m.queries:>7}  {m.queries / QUERY_BUDGET:.2f}  {m.path}")
        for m in over:
            print(f"OVER: {m.path} {m.over or m.status}")
        return 1 if over else 0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
