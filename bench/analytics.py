"""Benchmark: product analytics at scale (issue 14). Figures, never asserted.

    .venv/bin/python bench/analytics.py [--sizes 100000,1000000,10000000] [--users 2000]
                                        [--batch 100000] [--calls 15] [--database-url URL]

1. Ingestion: `analytics.track_many` of a batch against a raw binary COPY of the same rows
   into the same partitioned table, in the same run (target ratio >= 0.7).
2. Scale: events generated straight in SQL over 90 days for a fixed population; the rollups
   refreshed (timed, with the rollups' sizes); each of the four analyses over the 90 days,
   p50 of --calls calls, at each of --sizes (events added to reach the next size); ratios
   against the first size and the previous one (target: p50 at 10 M within 2x of 1 M, under
   100 ms).
3. Retention at the first size in one month: dropping the month (purge_analytics_events)
   against the former batched DELETE of the same rows.
A fresh database is created, migrated and dropped at the end.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db import analytics, migrations  # noqa: E402
from auxeira_db.analytics import BATCH_COLUMNS, Event  # noqa: E402
from auxeira_db.db import resolve  # noqa: E402

GENERATE = """
WITH u AS (SELECT array_agg(id ORDER BY id) AS ids,
                  array_agg(CASE user_type WHEN 'founder' THEN 'startup' ELSE user_type END
                            ORDER BY id) AS dash
           FROM auxeira.users)
INSERT INTO auxeira.analytics_events (user_id, event_type, event_category, dashboard_type,
                                      feature_name, session_id, created_at)
SELECT u.ids[x.k],
       CASE WHEN x.f = 0 THEN 'dashboard_view' ELSE 'feature_used' END,
       CASE WHEN x.f = 0 THEN 'dashboard' ELSE 'feature' END,
       u.dash[x.k],
       CASE WHEN x.f = 0 THEN NULL ELSE 'feature_' || x.f END,
       'b' || %(tag)s || '-' || x.k || '-' || x.d || '-' || (g %% 3),
       %(start)s::timestamptz + make_interval(days => x.d, secs => g %% 86400)
FROM u, generate_series(1, %(n)s) AS g,
     LATERAL (SELECT 1 + abs(hashint4(g + %(salt)s)) %% cardinality(u.ids) AS k,
                     abs(hashint4(g * 7 + %(salt)s)) %% %(days)s AS d,
                     abs(hashint4(g * 13 + %(salt)s)) %% 6 AS f) AS x
"""


def with_db(url: str, dbname: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo("", **params)


def p50(fn: Callable[[], Any], calls: int) -> float:
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def ingestion(conn: psycopg.Connection[Any], users: list[uuid.UUID], batch: int) -> None:
    events = [
        Event(
            "feature_used" if i % 4 else "dashboard_view",
            user_id=users[i % len(users)],
            dashboard_type="vc",
            feature_name="deal_flow" if i % 4 else None,
            session_id=f"s{i // 5}",
            ip_address="198.51.100.23",
            event_data={"n": i},
        )
        for i in range(batch)
    ]
    started = time.perf_counter()
    analytics.track_many(conn, events)
    ours = batch / (time.perf_counter() - started)
    rows = [analytics._row(i, e) for i, e in enumerate(events)]  # the same values
    columns = ", ".join(name for name, _ in BATCH_COLUMNS)
    started = time.perf_counter()
    with (
        conn.transaction(),
        conn.cursor().copy(
            f"COPY auxeira.analytics_events ({columns}) FROM STDIN (FORMAT BINARY)"
        ) as copy,
    ):
        copy.set_types([t for _, t in BATCH_COLUMNS])
        for row in rows:
            copy.write_row(row)
    raw = batch / (time.perf_counter() - started)
    print(
        f"ingestion, {batch:,} events: track_many {ours:,.0f} rows/s, raw COPY {raw:,.0f} rows/s,"
        f" ratio {ours / raw:.2f} (target >= 0.7)"
    )


READS = {
    "dashboard-usage (day)": "dashboard_usage(%(lo)s, %(hi)s)",
    "feature-adoption": "feature_adoption(%(lo)s, %(hi)s)",
    "user-journey paths": "user_journey_paths(%(lo)s, %(hi)s)",
    "user-journey transitions": "user_journey_transitions(%(lo)s, %(hi)s)",
    "cohort-analysis (week)": "cohort_analysis(%(lo)s, %(hi)s)",
}
BASELINE_FUNCTIONS = (
    "dashboard_usage",
    "feature_adoption",
    "journey_sessions",
    "user_journey_paths",
    "user_journey_transitions",
    "cohort_analysis",
)


def analyses(conn: psycopg.Connection[Any], calls: int) -> dict[str, float]:
    to_day = date.today()
    lo = to_day - timedelta(days=89)
    reads: dict[str, Callable[[], Any]] = {
        "dashboard-usage (day)": lambda: analytics.dashboard_usage(conn, lo, to_day),
        "feature-adoption": lambda: analytics.feature_adoption(conn, lo, to_day),
        "user-journey paths": lambda: analytics.journey_paths(conn, lo, to_day),
        "user-journey transitions": lambda: analytics.journey_transitions(conn, lo, to_day),
        "cohort-analysis (week)": lambda: analytics.cohort_analysis(conn, lo, to_day),
    }
    return {name: p50(fn, calls) for name, fn in reads.items()}


def install_baseline(conn: psycopg.Connection[Any]) -> None:
    """The analyses as migration 0019 wrote them (reading user_days and session_paths), from
    the rollback of 0024, as functions of a schema bench_0019."""
    text = (ROOT / "migrations" / "0024_analytics_at_scale.rollback.sql").read_text()
    text = text[text.index("CREATE OR REPLACE FUNCTION auxeira_analytics.dashboard_usage") :]
    text = text[: text.index("DROP FUNCTION")]
    for name in BASELINE_FUNCTIONS:
        text = text.replace(f"auxeira_analytics.{name}(", f"bench_0019.{name}(")
    conn.execute("CREATE SCHEMA bench_0019")
    conn.execute(text.encode())


def baseline(conn: psycopg.Connection[Any], calls: int) -> dict[str, float]:
    """p50 of the 0019 analyses over the same 90 days; each answer compared with 0024's."""
    args = {"hi": date.today(), "lo": date.today() - timedelta(days=89)}
    out = {}
    for name, call in READS.items():
        ours = conn.execute(f"SELECT * FROM auxeira_analytics.{call}", args).fetchall()
        theirs = conn.execute(f"SELECT * FROM bench_0019.{call}", args).fetchall()
        if ours != theirs:
            print(f"  DIFFERENT ANSWERS from 0019 and 0024: {name}", flush=True)
        out[name] = p50(lambda c=call: conn.execute(f"SELECT * FROM bench_0019.{c}", args), calls)
    return out


def generate(conn: psycopg.Connection[Any], n: int, start: date, days: int, salt: int) -> float:
    started = time.perf_counter()
    conn.execute(
        GENERATE,
        {"n": n, "start": start.isoformat(), "days": days, "salt": salt, "tag": str(salt)},
    )
    return time.perf_counter() - started


ROLLUPS = (
    "user_days",
    "session_paths",
    "usage_days",
    "journey_paths",
    "journey_transitions",
    "user_periods",
)


def refresh(conn: psycopg.Connection[Any]) -> str:
    started = time.perf_counter()
    days = analytics.refresh_rollups(conn)
    elapsed = time.perf_counter() - started
    sizes = []
    for table in ROLLUPS:
        row = conn.execute(f"SELECT count(*) FROM auxeira_analytics.{table}").fetchone()
        sizes.append(f"{table} {row[0] if row else 0:,}")
        conn.execute(f"VACUUM ANALYZE auxeira_analytics.{table}")
    return f"refresh of {len(days)} days {elapsed:.1f} s; rows: " + ", ".join(sizes)


def retention(conn: psycopg.Connection[Any], n: int) -> None:
    month = date.today().replace(day=1) - timedelta(days=430)
    start = month.replace(day=1)
    conn.execute("SELECT auxeira.ensure_event_partitions(0, %s)", (start,))
    generate(conn, n, start, 28, salt=77)
    started = time.perf_counter()
    row = conn.execute("SELECT auxeira.purge_analytics_events(interval '13 months')").fetchone()
    dropped = time.perf_counter() - started
    conn.execute("SELECT auxeira.ensure_event_partitions(0, %s)", (start,))
    generate(conn, n, start, 28, salt=78)
    started = time.perf_counter()
    deleted = 0
    while True:  # the former retention: DELETE in batches of 100,000
        cur = conn.execute(
            "DELETE FROM auxeira.analytics_events AS e WHERE (e.id, e.created_at) IN"
            " (SELECT o.id, o.created_at FROM auxeira.analytics_events AS o"
            "  WHERE o.created_at < now() - interval '13 months' LIMIT 100000)"
        )
        deleted += cur.rowcount
        if cur.rowcount < 100000:
            break
    batched = time.perf_counter() - started
    print(
        f"retention, one month of {n:,} events: drop the partition {dropped * 1000:.0f} ms"
        f" ({row[0] if row else 0:,} rows); batched DELETE {batched * 1000:.0f} ms ({deleted:,})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="event counts, ascending")
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=15)
    parser.add_argument(
        "--baseline-calls",
        type=int,
        default=0,
        help="also time the 0019 analyses (same answers checked), p50 of this many calls",
    )
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    base = resolve(args.database_url, None).url
    name = f"auxeira_bench_analytics_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_db(base, name)
    try:
        migrations.migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO auxeira.users (email, user_type, created_at)"
                " SELECT 'bench' || g || '@example.com',"
                " (ARRAY['founder','vc','angel','esg','government','corporate'])[1 + g %% 6],"
                " now() - make_interval(days => g %% 120)"
                " FROM generate_series(1, %s) AS g",
                (args.users,),
            )
            users = [r[0] for r in conn.execute("SELECT id FROM auxeira.users ORDER BY id")]
            ingestion(conn, users, args.batch)
            conn.execute("TRUNCATE auxeira.analytics_events")
            conn.execute("TRUNCATE auxeira_analytics.dirty_days")
            start = date.today() - timedelta(days=89)
            conn.execute("SELECT auxeira.ensure_event_partitions(3, %s)", (start,))
            figures: dict[int, dict[str, float]] = {}
            sizes = [int(x) for x in args.sizes.split(",")]
            total = 0
            for n in sizes:
                took = generate(conn, n - total, start, 90, salt=n)
                total = n
                conn.execute("VACUUM ANALYZE auxeira.analytics_events")
                load = os.getloadavg()[0]
                print(
                    f"{n:,} events: generated in {took:.1f} s; {refresh(conn)}; load {load:.1f}",
                    flush=True,
                )
                figures[n] = analyses(conn, args.calls)
                if args.baseline_calls:
                    if n == sizes[0]:
                        install_baseline(conn)
                    before = baseline(conn, args.baseline_calls)
                    print(
                        f"  0019 analyses, p50 of {args.baseline_calls} calls (0024's speed-up): "
                        + ", ".join(
                            f"{k} {v:.1f} ms ({v / figures[n][k]:.1f}x)" for k, v in before.items()
                        ),
                        flush=True,
                    )
                print(
                    "  p50 over 90 days: "
                    + ", ".join(f"{k} {v:.1f} ms" for k, v in figures[n].items()),
                    flush=True,
                )
            print(
                f"analyses over 90 days, p50 of {args.calls} calls (load {os.getloadavg()[0]:.1f}):"
            )
            print(
                "  "
                + f"{'analysis':28}"
                + "".join(f"{n:>12,}" for n in sizes)
                + "  ratio to previous size (target <= 2 from 1 M to 10 M)"
            )
            for key in figures[sizes[0]]:
                cells = "".join(f"{figures[n][key]:>10.1f}ms" for n in sizes)
                ratios = ", ".join(
                    f"{figures[b][key] / figures[a][key]:.2f}" for a, b in itertools.pairwise(sizes)
                )
                print(f"  {key:28}{cells}  {ratios}")
            conn.execute("TRUNCATE auxeira.analytics_events")
            retention(conn, sizes[0])
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
