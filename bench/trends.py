"""Budget (issue 6): the trend page for one person with two years of weekly pulses renders in under
50 ms of server time and at most 10 queries, and with 100,000 people and 5 million pulses in the
database its server time stays within 1.5 times its time with 1,000 people.

Fills a throwaway database (SQLite by default; set DATABASE_URL for PostgreSQL) in two steps with
bulk inserts, written week by week across everyone as real use would, and measures the page
in-process (Django's test client: middleware, session, queries, template) after each step.
`--people` and `--pulses` scale the large step down for a quicker run.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL_PEOPLE = 1_000
SERVER_BUDGET_MS = 50.0
QUERY_BUDGET = 10
RATIO_BUDGET = 1.5
PERSON_WEEKS = 104
BATCH = 20_000


def tune_for_bulk() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB while filling


def answer_variants(rng: random.Random, count: int = 64) -> list[tuple[str, str]]:
    """Realistic answers and scores, pre-scored, so filling is bound by the database alone."""
    from attune.core.instruments import get_instrument
    from attune.core.scoring import score

    pulse = get_instrument("pulse")
    variants = []
    for _ in range(count):
        answers = {item.id: rng.choice(item.values) for item in pulse.items}
        scores = {c: s.score for c, s in score(pulse, answers).items()}
        variants.append((json.dumps(answers), json.dumps(scores)))
    return variants


def add_people(count: int, start: int) -> list[int]:
    from attune.accounts.models import User

    users = [
        User(email=f"bench{n}@example.org", password="!", display_name="")
        for n in range(start, start + count)
    ]
    created: list[int] = []
    for offset in range(0, len(users), BATCH):
        User.objects.bulk_create(users[offset : offset + BATCH])
    emails = [u.email for u in users]
    for offset in range(0, len(emails), BATCH):
        created.extend(
            User.objects.filter(email__in=emails[offset : offset + BATCH]).values_list(
                "pk", flat=True
            )
        )
    return created


def add_pulses(people: list[int], total: int, first_monday: date, rng: random.Random) -> int:
    """About total / len(people) weeks each, written a week at a time across everyone."""
    from django.db import connection, transaction

    from attune.accounts.codes import new_code

    variants = answer_variants(rng)
    weeks = max(1, round(total / max(1, len(people))))
    sql = (
        "INSERT INTO progress_pulse (code, user_id, week, instrument_version, answers, scores, "
        "taken_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    written = 0
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for week in range(weeks):
            monday = first_monday + timedelta(weeks=week)
            taken = f"{monday.isoformat()} 19:00:00"
            for person in people:
                if written >= total:
                    break
                answers, scores = variants[rng.randrange(len(variants))]
                rows.append((new_code(), person, monday.isoformat(), 1, answers, scores, taken))
                written += 1
                if len(rows) >= BATCH:
                    with transaction.atomic():
                        cursor.executemany(sql, rows)
                    rows.clear()
        if rows:
            with transaction.atomic():
                cursor.executemany(sql, rows)
    return written


def measured_person(first_monday: date, rng: random.Random):
    from attune.accounts.models import User
    from attune.progress.models import Pulse, PulseNoise
    from attune.progress.pulses import sign_ids

    person = User.objects.create_user("measured@example.org", "a long bench passphrase")
    Pulse.objects.bulk_create(
        Pulse(
            user=person,
            week=first_monday + timedelta(weeks=week),
            instrument_version=1,
            answers={},
            scores={sign: rng.choice(range(0, 101, 13)) for sign in sign_ids()},
        )
        for week in range(PERSON_WEEKS)
    )
    # A pool as a busy site would have it; the migration made one row per sign.
    PulseNoise.objects.update(pairs=10_000, sum_squares=10_000 * 150.0, people=500)
    return person


def analyse() -> None:
    """Refresh the planner's statistics, as autovacuum (PostgreSQL) or `optimize` would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE progress_pulse")


def measure(person, runs: int) -> tuple[float, float, int]:
    """Median and worst server time (ms) of the trend page, and its number of queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(person)
    url = reverse("progress-trends")
    for _ in range(5):
        assert client.get(url).status_code == 200
    timings = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries = max(queries, len(captured.captured_queries))
    return statistics.median(timings), max(timings), queries


def plan_of_per_person_query(person) -> str:
    from django.db import connection

    from attune.progress.models import Pulse

    query = Pulse.objects.filter(user=person).order_by("week").values_list("week", "scores")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "; ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        return "; ".join(str(row[0]) for row in cursor.fetchall())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000, help="people in the large step")
    parser.add_argument("--pulses", type=int, default=5_000_000, help="pulses in the large step")
    parser.add_argument("--runs", type=int, default=30, help="requests measured per step")
    parser.add_argument("--keep", action="store_true", help="keep the data folder afterwards")
    args = parser.parse_args(argv)
    if args.people <= SMALL_PEOPLE:
        parser.error(f"--people must be more than {SMALL_PEOPLE:,}")

    data_dir = Path(tempfile.mkdtemp(prefix="attune-bench-trends-"))
    rng = random.Random(6)
    try:
        sys.path.insert(0, str(ROOT))
        from bench.local import setup

        setup(data_dir)
        tune_for_bulk()
        from django.db import connection

        first_monday = date(2023, 1, 2)
        small_pulses = round(args.pulses * SMALL_PEOPLE / args.people)
        started = time.perf_counter()
        people = add_people(SMALL_PEOPLE, 0)
        person = measured_person(first_monday, rng)
        written = add_pulses(people, small_pulses, first_monday, rng)
        analyse()
        fill_small = time.perf_counter() - started
        small = measure(person, args.runs)
        plan = plan_of_per_person_query(person)

        started = time.perf_counter()
        more = add_people(args.people - SMALL_PEOPLE, SMALL_PEOPLE)
        written += add_pulses(more, args.pulses - small_pulses, first_monday, rng)
        analyse()
        fill_large = time.perf_counter() - started
        large = measure(person, args.runs)

        ratio = large[0] / small[0]
        print(f"database: {connection.vendor}; measured person: {PERSON_WEEKS} weekly pulses")
        print(f"per-person query plan: {plan}")
        print(
            f"small: {SMALL_PEOPLE + 1:,} people, {small_pulses + PERSON_WEEKS:,} pulses "
            f"(filled in {fill_small:.1f} s): median {small[0]:.1f} ms, worst {small[1]:.1f} ms, "
            f"{small[2]} queries"
        )
        print(
            f"large: {args.people + 1:,} people, {written + PERSON_WEEKS:,} pulses "
            f"(filled in {fill_large:.1f} s): median {large[0]:.1f} ms, worst {large[1]:.1f} ms, "
            f"{large[2]} queries"
        )
        print(
            f"server time under {SERVER_BUDGET_MS:.0f} ms: "
            f"{'met' if max(small[0], large[0]) < SERVER_BUDGET_MS else 'NOT met'} "
            f"({max(small[0], large[0]) / SERVER_BUDGET_MS:.2f} of budget)"
        )
        print(
            f"queries at most {QUERY_BUDGET}: "
            f"{'met' if max(small[2], large[2]) <= QUERY_BUDGET else 'NOT met'}"
        )
        print(
            f"large / small = {ratio:.2f} (budget {RATIO_BUDGET}): "
            f"{'met' if ratio <= RATIO_BUDGET else 'NOT met'}"
        )
        size = sum(f.stat().st_size for f in data_dir.glob("*.sqlite3*"))
        if size:
            print(f"database files: {size / 1e9:.2f} GB")
        return 0 if ratio <= RATIO_BUDGET and max(small[0], large[0]) < SERVER_BUDGET_MS else 1
    finally:
        if args.keep:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
