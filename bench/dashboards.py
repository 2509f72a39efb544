"""Benchmark: latency of every typed dashboard read against a primary-key lookup.

    .venv/bin/python bench/dashboards.py [--scale large] [--calls 200] [--database-url URL]

1. Creates a fresh database, migrates it, seeds `--persona all` at the given scale and
   refreshes every materialized view (timed: a blocking and a concurrent full refresh).
2. The floor: a primary-key lookup on auxeira.users from psycopg, as the application role,
   in a tenant transaction like every read (the bare statement is printed too).
3. Every read in the dashboard modules' READS registries, called for random tenants of the
   matching user type as auxeira_app inside auxeira_db.tenant(): p50 and p99 per read and the
   ratio of its p50 to the floor's (target: within 3x).
4. The worst read latency while a concurrent refresh of every view runs in another session.
The database is dropped at the end. Figures are printed, never asserted.
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
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db import migrations, refresh, synthetic  # noqa: E402
from auxeira_db.dashboards import DASHBOARDS  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    server = resolve(args.database_url).url
    name = "auxeira_bench_dashboards"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_db(server, name)
    rng = random.Random(7)
    try:
        migrations.migrate(url)
        start = time.perf_counter()
        summary = synthetic.generate(url, persona="all", scale=args.scale, seed=11)
        seconds = time.perf_counter() - start
        print(f"seeded {summary.total_rows:,} rows ({args.scale}) in {seconds:.1f} s")
        with psycopg.connect(url, autocommit=True) as conn:
            for concurrently in (False, True):
                start = time.perf_counter()
                done = refresh.refresh(conn, concurrently=concurrently)
                kind = "concurrent" if concurrently else "blocking"
                print(
                    f"full {kind} refresh of {len(done)} views: {time.perf_counter() - start:.2f} s"
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
        with psycopg.connect(url) as app:
            app.execute("SET ROLE auxeira_app")
            app.commit()
            bare: list[float] = []
            for _ in range(args.calls * 5):
                uid = rng.choice(all_users)
                start = time.perf_counter()
                app.execute("SELECT * FROM auxeira.users WHERE id = %s", (uid,)).fetchall()
                bare.append((time.perf_counter() - start) * 1000)
            app.rollback()
            print(f"\nprimary-key lookup, bare statement: p50 {statistics.median(bare):.3f} ms")
            # The floor: the same lookup run the way every dashboard read runs, in its own
            # transaction acting for a tenant (BEGIN, set_config, SELECT, COMMIT).
            floor = timed_calls(app, all_users[:200], args.calls * 5, pk_lookup)
            floor_p50 = statistics.median(floor)
            print(
                f"floor (primary-key lookup in a tenant transaction): p50 {floor_p50:.3f} ms, "
                f"p99 {percentile(floor, 0.99):.3f} ms\n"
            )
            print(f"{'read':58} {'p50 ms':>8} {'p99 ms':>8} {'x floor':>8}")
            reads: list[tuple[str, str, Callable[..., object]]] = []
            for dashboard in DASHBOARDS:
                module = importlib.import_module(f"auxeira_db.dashboards.{dashboard}")
                for endpoint, read in module.READS.items():
                    reads.append((dashboard, endpoint, read))
            within = 0
            for dashboard, endpoint, read in reads:
                pool = users[dashboard] or all_users
                samples = timed_calls(app, rng.sample(pool, min(len(pool), 50)), args.calls, read)
                p50 = statistics.median(samples)
                within += p50 <= 3 * floor_p50
                print(
                    f"{endpoint:58} {p50:8.3f} {percentile(samples, 0.99):8.3f} "
                    f"{p50 / floor_p50:8.1f}"
                )
            print(f"\n{within} of {len(reads)} reads have p50 within 3x of the floor")

            stop = threading.Event()

            def refresher() -> None:
                with psycopg.connect(url, autocommit=True) as conn:
                    while not stop.is_set():
                        refresh.refresh(conn, concurrently=True)

            worker = threading.Thread(target=refresher)
            worker.start()
            worst = 0.0
            try:
                for _dashboard, _endpoint, read in reads:
                    pool = users[_dashboard] or all_users
                    worst = max(worst, max(timed_calls(app, pool[:20], 20, read)))
            finally:
                stop.set()
                worker.join()
            print(f"worst read latency during concurrent refreshes: {worst:.1f} ms")
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
