"""Benchmark: every typed dashboard read against a primary-key lookup, at two platform sizes.

    .venv/bin/python bench/dashboards.py [--scale large] [--times 1,4] [--calls 200]
                                         [--database-url URL]

For each multiplier of --times (default 1 and 4: 4x the tenants of every type, the same shape
per tenant), in a fresh database:
1. Migrates, seeds `--persona all` at the scale times the multiplier, refreshes every
   materialized view (timed: a blocking and a concurrent full refresh).
2. The floor: a primary-key lookup on auxeira.users as the application role, in a tenant
   transaction like every read.
3. Every read of the dashboard modules' READS registries, for random tenants of the matching
   type: p50 and p99 as auxeira_app (row-level security applies), and p50 as the connecting
   superuser (bypasses it: the tenant filter must be the read's own).
4. The worst latency of each read while concurrent refreshes of every view run in a loop in
   another session, against its p50 (target 10x).
5. Write costs: recording an investment, a flow and a mark as a tenant, p50 with the kept
   figures' triggers (migration 0016) and with them disabled, alternating in the same run.
Then one table of both sizes: each read's p50 against the floor of its run (target 3x) and its
p50 at the largest multiplier against the smallest (target 1.3x: cost independent of platform
size). The databases are dropped at the end. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db import ledger, migrations, refresh, synthetic  # noqa: E402
from auxeira_db.dashboards import DASHBOARDS, vc  # noqa: E402
from auxeira_db.db import resolve  # noqa: E402
from auxeira_db.tenancy import tenant  # noqa: E402

USER_TYPE = {
    "startup": "founder",
    "vc": "vc",
    "angel": "angel",
    "esg": "esg",
    "government": "government",
    "corporate": "corporate",
}


def with_db(url: str, dbname: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo("", **params)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed_calls(
    conn: psycopg.Connection[Any], users: list[Any], calls: int, read: Callable[..., object]
) -> list[float]:
    samples: list[float] = []
    for i in range(calls):
        user = users[i % len(users)]
        start = time.perf_counter()
        with tenant(conn, user):
            read(conn)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def pk_lookup(conn: psycopg.Connection[Any]) -> object:
    return conn.execute(
        "SELECT * FROM auxeira.users WHERE id = auxeira.current_user_id()"
    ).fetchall()


FIGURE_TRIGGERS = (
    ("investments", "investments_figures_insert"),
    ("investments", "investments_figures_update"),
    ("investment_cash_flows", "investment_cash_flows_figures"),
    ("valuation_marks", "valuation_marks_figures"),
)


@dataclass
class Run:
    """The figures of one platform size."""

    times: int
    rows: int
    floor: float
    tenant: dict[str, list[float]] = field(default_factory=dict)
    bypass: dict[str, float] = field(default_factory=dict)
    worst_during_refresh: dict[str, float] = field(default_factory=dict)
    refresh_seconds: dict[str, float] = field(default_factory=dict)
    writes: dict[str, tuple[float, float]] = field(default_factory=dict)


def all_reads() -> list[tuple[str, str, Callable[..., object]]]:
    reads: list[tuple[str, str, Callable[..., object]]] = []
    for dashboard in DASHBOARDS:
        module = importlib.import_module(f"auxeira_db.dashboards.{dashboard}")
        for endpoint, read in module.READS.items():
            reads.append((dashboard, endpoint, read))
    return reads


def set_figure_triggers(url: str, enabled: bool) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for table, trigger in FIGURE_TRIGGERS:
            verb = "ENABLE" if enabled else "DISABLE"
            conn.execute(f"ALTER TABLE auxeira.{table} {verb} TRIGGER {trigger}")  # type: ignore[arg-type]


WRITES = ("record a flow", "record a mark", "record an investment")


def one_write(
    app: psycopg.Connection[Any], name: str, holding: Any, company: Any, day: Any
) -> object:
    if name == "record a flow":
        return ledger.record_flow(app, holding, "follow_on", 1000, day)
    if name == "record a mark":
        return ledger.record_mark(app, holding, 250_000, day)
    return vc.record_investment(app, company, amount=Decimal(5000), investment_date=day)


def write_costs(url: str, rng: random.Random, rounds: int) -> dict[str, tuple[float, float]]:
    """p50 (ms) of three ledger writes as a tenant, with and without the kept figures."""
    with psycopg.connect(url, autocommit=True) as conn:
        picks = conn.execute(
            "SELECT i.investor_id, i.id, i.company_id, i.investment_date FROM auxeira.investments"
            " AS i JOIN auxeira.users AS u ON u.id = i.investor_id WHERE i.status = 'active'"
            " AND u.user_type = 'vc' ORDER BY i.id LIMIT 200"
        ).fetchall()
    samples: dict[tuple[str, bool], list[float]] = {}
    with psycopg.connect(url) as app:
        app.execute("SET ROLE auxeira_app")
        app.commit()
        for i in range(rounds):
            enabled = i % 2 == 0
            set_figure_triggers(url, enabled)
            investor, holding, company, day = rng.choice(picks)
            for name in WRITES:
                start = time.perf_counter()
                with tenant(app, investor):
                    one_write(app, name, holding, company, day)
                samples.setdefault((name, enabled), []).append((time.perf_counter() - start) * 1000)
    set_figure_triggers(url, True)
    return {
        name: (statistics.median(samples[(name, False)]), statistics.median(samples[(name, True)]))
        for name in WRITES
    }


def measure(server: str, scale: str, times: int, calls: int, rng: random.Random) -> Run:
    name = f"auxeira_bench_dashboards_{times}x"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')  # type: ignore[arg-type]
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = with_db(server, name)
    try:
        migrations.migrate(url)
        start = time.perf_counter()
        multiplied: dict[str, Any] = {"times": times} if times > 1 else {}
        summary = synthetic.generate(url, persona="all", scale=scale, seed=11, **multiplied)
        seconds = time.perf_counter() - start
        print(f"\n== {scale} x{times}: seeded {summary.total_rows:,} rows in {seconds:.1f} s")
        run = Run(times=times, rows=summary.total_rows, floor=0.0)
        with psycopg.connect(url, autocommit=True) as conn:
            for concurrently in (False, True):
                start = time.perf_counter()
                done = refresh.refresh(conn, concurrently=concurrently)
                kind = "concurrent" if concurrently else "blocking"
                run.refresh_seconds[kind] = time.perf_counter() - start
                print(
                    f"full {kind} refresh of {len(done)} views: {run.refresh_seconds[kind]:.2f} s"
                )
            users = {
                d: [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM auxeira.users WHERE user_type = %s ORDER BY id LIMIT 500",
                        (USER_TYPE[d],),
                    )
                ]
                for d in DASHBOARDS
            }
        all_users = [u for us in users.values() for u in us]
        reads = all_reads()
        with psycopg.connect(url) as app, psycopg.connect(url) as owner:
            app.execute("SET ROLE auxeira_app")
            app.commit()
            floor = timed_calls(app, all_users[:200], calls * 5, pk_lookup)
            run.floor = statistics.median(floor)
            print(f"floor (primary-key lookup in a tenant transaction): p50 {run.floor:.3f} ms")
            for dashboard, endpoint, read in reads:
                pool = users[dashboard] or all_users
                chosen = rng.sample(pool, min(len(pool), 50))
                run.tenant[endpoint] = timed_calls(app, chosen, calls, read)
                run.bypass[endpoint] = statistics.median(
                    timed_calls(owner, chosen, max(20, calls // 4), read)
                )

            stop = threading.Event()

            def refresher() -> None:
                with psycopg.connect(url, autocommit=True) as conn:
                    while not stop.is_set():
                        refresh.refresh(conn, concurrently=True)

            worker = threading.Thread(target=refresher)
            worker.start()
            try:
                for dashboard, endpoint, read in reads:
                    pool = users[dashboard] or all_users
                    run.worst_during_refresh[endpoint] = max(timed_calls(app, pool[:20], 40, read))
            finally:
                stop.set()
                worker.join()
        run.writes = write_costs(url, rng, rounds=60)
        return run
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def report(runs: list[Run]) -> None:
    small, big = runs[0], runs[-1]
    print(
        f"\nfloor p50: {small.floor:.3f} ms at x{small.times} ({small.rows:,} rows), "
        f"{big.floor:.3f} ms at x{big.times} ({big.rows:,} rows)"
    )
    head = f"{'read':44} {'p50 x' + str(small.times):>9} {'/floor':>7}"
    if big is not small:
        head += f" {'p50 x' + str(big.times):>9} {'/floor':>7} {'x' + str(big.times) + '/x1':>7}"
    head += f" {'bypass/tenant':>13} {'refresh max/p50':>15}"
    print(head)
    within = independent = 0
    for endpoint, samples in small.tenant.items():
        p50 = statistics.median(samples)
        line = (
            f"{endpoint.removeprefix('GET /api/dashboard/'):44} {p50:9.3f} {p50 / small.floor:7.1f}"
        )
        ok = p50 <= 3 * small.floor
        if big is not small:
            big_p50 = statistics.median(big.tenant[endpoint])
            growth = big_p50 / p50
            line += f" {big_p50:9.3f} {big_p50 / big.floor:7.1f} {growth:7.2f}"
            ok = ok and big_p50 <= 3 * big.floor
            independent += growth <= 1.3
        worst = big.worst_during_refresh[endpoint] / statistics.median(big.tenant[endpoint])
        line += f" {big.bypass[endpoint] / statistics.median(big.tenant[endpoint]):13.2f}"
        line += f" {worst:15.1f}"
        within += ok
        print(line)
    total = len(small.tenant)
    print(f"\n{within} of {total} reads within 3x of the floor at every size")
    if big is not small:
        print(f"{independent} of {total} reads within 1.3x at x{big.times} of their p50 at x1")
    print("\nwrite costs as a tenant, p50 ms (kept figures off -> on, same run):")
    for run in runs:
        for name, (off, on) in run.writes.items():
            print(f"  x{run.times} {name:22} {off:7.3f} -> {on:7.3f}  (+{on - off:.3f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--times", default="1,4", help="platform multipliers, e.g. 1,4")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    server = resolve(args.database_url).url
    multipliers = sorted({int(t) for t in args.times.split(",")})
    rng = random.Random(7)
    runs = [measure(server, args.scale, t, args.calls, rng) for t in multipliers]
    report(runs)


if __name__ == "__main__":
    main()
