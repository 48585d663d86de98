"""Budget (issue 7): search answers in under 20 ms server time with 10,000 articles in the index.

Generates 10,000 articles (600 to 900 words each, drawn Zipf-like from the shipped articles'
own vocabulary, so common words are common) into a throwaway index, then times the search page
(the whole Django request through the WSGI handler: middleware, queries, snippets, template)
for a mix of queries, and judges the budget on each group's median. Runs on
SQLite in a temporary data folder, and on PostgreSQL too when DATABASE_URL points at one (in a
throwaway database it creates and drops there).

    .venv/bin/python bench/search.py [--articles 10000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 20.0
SETTINGS = "attune.web.settings"
QUERIES = {
    "a sign's name": [
        "Feeling lonely together",
        "Feeling misunderstood",
        "One-sided sharing",
        "Missing affection",
        "No one to lean on",
    ],
    "one common word": ["partner", "feel", "together"],
    "one rare word": ["paraphrase", "enthusiasm", "counsellor"],
    "no word matches all": ["listening zebra", "trust quasar nebula"],
    "hostile": ["' OR 1=1 --", '"unbalanced', "NEAR(a b) *", "日本語 ñandú 😀"],
}


def generate(count: int, seed: int = 7):
    """`count` articles of plausible text; deterministic for a given seed."""
    import datetime
    import random
    import re
    from collections import Counter

    from attune.core.articles import Article, articles

    rng = random.Random(seed)
    counts = Counter(w.lower() for a in articles() for w in re.findall(r"[A-Za-z']+", a.text))
    vocabulary = [w for w, _ in counts.most_common()]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    start = datetime.date(2020, 1, 1)
    for n in range(count):
        words = rng.choices(vocabulary, weights, k=rng.randint(600, 900))
        title = " ".join(rng.choices(vocabulary[50:], k=4)).capitalize() + f" {n}"
        yield Article(
            slug=f"bench-{n}",
            title=title,
            summary=" ".join(words[:30]),
            tags=tuple(rng.sample(vocabulary[20:200], 3)),
            concepts=(),
            activities=(),
            date=start + datetime.timedelta(days=n % 1500),
            author="Bench",
            html="",
            text="\n".join(" ".join(words[i : i + 60]) for i in range(0, len(words), 60)),
            toc=(),
            words=len(words),
        )


def wsgi_client(app):
    """Call the WSGI application as a server would: the whole request, no test instrumentation."""
    import io
    from urllib.parse import urlencode

    def get(query: str) -> str:
        seen = {}
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/learn/search/",
            "QUERY_STRING": urlencode({"q": query}),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
        }
        body = app(environ, lambda status, headers: seen.setdefault("status", status))
        b"".join(body)
        body.close()
        return seen["status"]

    return get


def child(count: int, repeat: int) -> None:
    """Runs inside a fresh interpreter pointed at a throwaway database; prints JSON."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from attune.library.search import rebuild_index, search

    call_command("migrate", "library", verbosity=0)
    items = list(generate(count))
    began = time.perf_counter()
    rebuild_index(items)
    build_s = time.perf_counter() - began
    get = wsgi_client(get_wsgi_application())
    for query in (q for group in QUERIES.values() for q in group):
        get(query)  # warm caches and templates
    figures = {}
    for label, group in QUERIES.items():
        page, db = [], []
        for _ in range(repeat):
            for query in group:
                began = time.perf_counter()
                status = get(query)
                page.append((time.perf_counter() - began) * 1000)
                assert status.startswith("200"), (query, status)
                began = time.perf_counter()
                search(query)
                db.append((time.perf_counter() - began) * 1000)
        figures[label] = {
            "page_median": statistics.median(page),
            "page_p95": statistics.quantiles(page, n=20)[-1],
            "page_best": min(page),
            "search_median": statistics.median(db),
        }
    print(json.dumps({"vendor": connection.vendor, "build_s": build_s, "figures": figures}))


def run_child(env: dict, count: int, repeat: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--articles", str(count), "--repeat", str(repeat)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(result: dict, count: int) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{result['vendor']}: {count:,} articles indexed in {result['build_s']:.1f} s")
    print(f"(load average {load} on {os.cpu_count()} cores: others' work slows every figure)")
    print(f"{'queries':22} {'page median':>11} {'p95':>8} {'best':>8} {'search median':>14}")
    worst_median = worst_p95 = 0.0
    for label, f in result["figures"].items():
        worst_median = max(worst_median, f["page_median"])
        worst_p95 = max(worst_p95, f["page_p95"])
        print(
            f"{label:22} {f['page_median']:9.2f}ms {f['page_p95']:6.2f}ms "
            f"{f['page_best']:6.2f}ms {f['search_median']:12.2f}ms"
        )
    verdict = "met" if worst_median < BUDGET_MS else "NOT MET"
    print(
        f"budget {BUDGET_MS:.0f} ms: worst median {worst_median:.2f} ms "
        f"({worst_median / BUDGET_MS:.2f}), {verdict}; worst p95 {worst_p95:.2f} ms "
        f"({worst_p95 / BUDGET_MS:.2f})"
    )


def postgres_env(url: str, env: dict):
    """A throwaway database on the PostgreSQL server DATABASE_URL names; dropped afterwards."""
    import psycopg

    name = f"attune_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(url)
    return name, {**env, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}


def drop_postgres(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if args.child:
        child(args.articles, args.repeat)
        return 0
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="attune-bench-search-") as data:
        env = {
            **os.environ,
            "ATTUNE_DATA_DIR": data,
            "DJANGO_SETTINGS_MODULE": "attune.web.settings",
        }
        env.pop("DATABASE_URL", None)
        report(run_child(env, args.articles, args.repeat), args.articles)
        if url.startswith(("postgres://", "postgresql://")):
            name, pg_env = postgres_env(url, env)
            try:
                report(run_child(pg_env, args.articles, args.repeat), args.articles)
            finally:
                drop_postgres(url, name)
        else:
            print("\nPostgreSQL: skipped (set DATABASE_URL=postgres://... to measure it too)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
