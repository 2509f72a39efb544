"""Benchmark: the auxeira.xirr aggregate against psycopg 3 + pyxirr on the same rows.

    .venv/bin/python bench/xirr.py [--dsn DSN] [--portfolios 10000] [--flows 20] [--runs 5]

1. Creates a temporary database on the server of --dsn (default: AUXEIRA_DATABASE_URL, else
   DATABASE_URL, else the embedded PostgreSQL 18 development server, started on demand as
   every auxeira-db command does), creates the auxeira schema and loads
   sql/functions/030_xirr.sql into it.
2. Builds --portfolios venture-like portfolios of --flows dated flows each in one table with
   SQL (generate_series and random() after setseed, so every run has the same rows), in
   date order as a ledger fills up: 1 to 8 capital calls in the first 40 % of a 3-15 year
   horizon, distributions and an exit from a quarter of it on (so often interleaved with the
   last calls), outcomes from write-offs to 50x, cheques from 10 to 1e7.
3. Times --runs runs of each side, interleaved (a, b, a, b, ...), and keeps the median of each:
   (a) SELECT portfolio_id, auxeira.xirr(amount, flow_date) FROM flows GROUP BY 1
   (b) Python fetching the same rows with psycopg 3, grouping them by portfolio and calling
       pyxirr.xirr per portfolio.
4. Checks that (a) and (b) agree (relative 1e-6, absolute 1e-9 below 0.1 %), prints both
   median throughputs in portfolios/s (with the fastest and slowest run) and the ratio
   (a)/(b) of the medians (>= 1: the SQL aggregate is at least as fast), and how many
   portfolios only one side solves. pyxirr's None, NaN and infinite results count as
   "no rate".
5. Drops the database, whatever happened.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo
import pyxirr
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db.db import resolve  # noqa: E402

XIRR_SQL = ROOT / "sql" / "functions" / "030_xirr.sql"

# Every portfolio has the same number of rows: calls first, then distributions. The outcome
# multiple is a mixture: 15 % write-offs or heavy losses, 45 % modest, 30 % good, 10 % 10-50x.
BUILD_FLOWS = """
CREATE TABLE flows AS
WITH portfolio AS (
    SELECT g AS portfolio_id,
           DATE '1995-01-01' + floor(random() * 9000)::integer AS start_date,
           1 + floor(random() * 8)::integer AS calls,
           exp(ln(10.0) + random() * ln(1e6)) AS cheque,
           365 * (3 + random() * 12) AS horizon,
           CASE
               WHEN u < 0.05 THEN 0.0
               WHEN u < 0.15 THEN random() * 0.5
               WHEN u < 0.60 THEN 0.5 + random() * 2.5
               WHEN u < 0.90 THEN 3 + random() * 7
               ELSE 10 + random() * 40
           END AS multiple
    FROM generate_series(1, %(portfolios)s) AS g,
         LATERAL (SELECT random() + g * 0 AS u) AS draw
),
flow AS (
    SELECT p.portfolio_id,
           k,
           CASE
               WHEN k <= p.calls THEN -p.cheque * (0.5 + random())
               ELSE p.cheque * p.calls * p.multiple * (0.5 + random()) / (%(flows)s - p.calls)
           END AS amount,
           p.start_date + CASE
               WHEN k = 1 THEN 0
               WHEN k <= p.calls THEN floor(random() * 0.4 * p.horizon)::integer
               ELSE floor((0.25 + random() * 0.75) * p.horizon)::integer
           END AS flow_date
    FROM portfolio AS p
    CROSS JOIN generate_series(1, %(flows)s) AS k
)
SELECT portfolio_id, round(amount::numeric, 2)::numeric(18, 2) AS amount, flow_date
FROM flow
ORDER BY flow_date, portfolio_id, k
"""

SQL_QUERY = "SELECT portfolio_id, auxeira.xirr(amount, flow_date) FROM flows GROUP BY 1"
ROWS_QUERY = "SELECT portfolio_id, amount, flow_date FROM flows"

Results = dict[int, float | None]


@dataclass
class Comparison:
    both_none: int = 0
    agree: int = 0
    differ: int = 0
    sql_only: int = 0
    pyxirr_only: int = 0
    max_rel_diff: float = 0.0


def server_dsn(explicit: str | None) -> str:
    """--dsn, else AUXEIRA_DATABASE_URL / DATABASE_URL, else the embedded server."""
    return resolve(explicit).url


def finite_or_none(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def run_sql(conn: psycopg.Connection[Any]) -> Results:
    rows = conn.execute(SQL_QUERY).fetchall()
    return {int(pid): None if irr is None else float(irr) for pid, irr in rows}


def run_python(conn: psycopg.Connection[Any]) -> Results:
    groups: defaultdict[int, tuple[list[date], list[Decimal]]] = defaultdict(lambda: ([], []))
    with conn.cursor() as cur:
        for pid, amount, flow_date in cur.execute(ROWS_QUERY).fetchall():
            dates, amounts = groups[pid]
            dates.append(flow_date)
            amounts.append(amount)
    results: Results = {}
    for pid, (dates, amounts) in groups.items():
        try:
            results[pid] = finite_or_none(pyxirr.xirr(dates, amounts, silent=True))
        except Exception:  # pyxirr raises InvalidPaymentsError for one-signed flows
            results[pid] = None
    return results


def compare(sql_results: Results, py_results: Results) -> Comparison:
    out = Comparison()
    for pid in sql_results.keys() | py_results.keys():
        ours, theirs = sql_results.get(pid), py_results.get(pid)
        if ours is None and theirs is None:
            out.both_none += 1
        elif theirs is None:
            out.sql_only += 1
        elif ours is None:
            out.pyxirr_only += 1
        else:
            diff = abs(ours - theirs)
            if abs(theirs) < 1e-3:
                ok = diff <= 1e-9
            else:
                ok = diff <= 1e-6 * abs(theirs)
                out.max_rel_diff = max(out.max_rel_diff, diff / abs(theirs))
            if ok:
                out.agree += 1
            else:
                out.differ += 1
    return out


def timed(
    fn: Callable[[psycopg.Connection[Any]], Results], conn: psycopg.Connection[Any]
) -> tuple[float, Results]:
    start = time.perf_counter()
    results = fn(conn)
    return time.perf_counter() - start, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--dsn", help="server to create the database on (default: as auxeira-db resolves it)"
    )
    parser.add_argument("--portfolios", type=int, default=10_000)
    parser.add_argument("--flows", type=int, default=20, help="dated flows per portfolio")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side (median)")
    parser.add_argument("--seed", type=float, default=0.42, help="setseed() value in [-1, 1]")
    args = parser.parse_args(argv)
    if args.flows < 2 or args.portfolios < 1 or args.runs < 1:
        parser.error("--flows must be >= 2, --portfolios and --runs >= 1")

    server = server_dsn(args.dsn)
    dbname = f"xirr_bench_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    try:
        dsn = psycopg.conninfo.make_conninfo(server, dbname=dbname)
        with psycopg.connect(dsn, autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()
            print(f"server {version[0] if version else '?'}, database {dbname}")
            conn.execute("CREATE SCHEMA auxeira")
            conn.execute(XIRR_SQL.read_text())
            conn.execute("SELECT setseed(%s)", (args.seed,))
            conn.execute(BUILD_FLOWS, {"portfolios": args.portfolios, "flows": args.flows})
            conn.execute("ANALYZE flows")
            plan = conn.execute("EXPLAIN " + SQL_QUERY).fetchall()
            workers = [line for (line,) in plan if "Workers Planned" in line]
            print(
                f"{args.portfolios} portfolios x {args.flows} flows; plan of (a): "
                + (workers[0].strip() if workers else "not parallel")
            )

            sql_times: list[float] = []
            py_times: list[float] = []
            sql_results: Results = {}
            py_results: Results = {}
            for _ in range(args.runs):
                elapsed, sql_results = timed(run_sql, conn)
                sql_times.append(elapsed)
                elapsed, py_results = timed(run_python, conn)
                py_times.append(elapsed)

        sql_rate = args.portfolios / statistics.median(sql_times)
        py_rate = args.portfolios / statistics.median(py_times)
        for label, times, rate in (
            ("(a) SQL aggregate     ", sql_times, sql_rate),
            ("(b) psycopg 3 + pyxirr", py_times, py_rate),
        ):
            print(
                f"{label}  median {statistics.median(times) * 1000:8.1f} ms "
                f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})  "
                f"{rate:10,.0f} portfolios/s"
            )
        print(f"ratio (a)/(b) = {sql_rate / py_rate:.2f} (>= 1: SQL as fast or faster)")

        cmp = compare(sql_results, py_results)
        print(
            f"agreement: {cmp.agree} equal (max relative difference {cmp.max_rel_diff:.1e}), "
            f"{cmp.both_none} no rate on both sides, {cmp.differ} different"
        )
        print(f"solved by SQL only: {cmp.sql_only}; solved by pyxirr only: {cmp.pyxirr_only}")
        return 0 if cmp.differ == 0 and cmp.pyxirr_only == 0 else 1
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
            )


if __name__ == "__main__":
    sys.exit(main())
