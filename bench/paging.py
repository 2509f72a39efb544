"""Benchmark: keyset paging in SQL, page 1 against a deep page of each paged list.

    .venv/bin/python bench/paging.py [--rows 100000] [--page-size 50] [--calls 30]
                                     [--scale small] [--database-url URL]

1. Creates a fresh database, migrates it and seeds `--persona all` at `--scale` (the
   background a tenant's rows sit among).
2. Gives one tenant per list `--rows` rows of its own (bulk INSERT ... generate_series): a VC's
   deals, an angel's accepted connections (both directions), a founder's token transactions.
3. For each list, times (p50 of `--calls` calls, as auxeira_app inside auxeira_db.tenant) the
   first page and the deepest full page (its cursor is the row before it, read directly), and
   prints both and their ratio. A keyset page costs the same at any depth: the ratio should
   stay near 1 (an OFFSET page would grow with depth).
The database is dropped at the end. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db import migrations, synthetic  # noqa: E402
from auxeira_db.dashboards import angel, esg, startup, vc  # noqa: E402
from auxeira_db.db import resolve  # noqa: E402
from auxeira_db.tenancy import tenant  # noqa: E402


def with_db(url: str, dbname: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo("", **params)


def new_user(conn: psycopg.Connection[Any], user_type: str) -> uuid.UUID:
    row = conn.execute(
        "INSERT INTO auxeira.users (email, user_type) VALUES (%s, %s) RETURNING id",
        (f"bench-{uuid.uuid4().hex[:12]}@example.com", user_type),
    ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def fill(conn: psycopg.Connection[Any], rows: int) -> dict[str, uuid.UUID]:
    """One tenant per list, with `rows` rows of its own."""
    tenants = {"deals": new_user(conn, "vc"), "network": new_user(conn, "angel")}
    tenants["tokens"] = new_user(conn, "founder")
    conn.execute(
        "INSERT INTO auxeira.deals (investor_id, company_name, sourced_on)"
        " SELECT %s, 'Deal ' || g, DATE '2020-01-01' + (g %% 2000)"
        " FROM generate_series(1, %s) AS g",
        (tenants["deals"], rows),
    )
    # the peers: users of their own (one connection per pair), half asked by the tenant
    conn.execute(
        "WITH peers AS ("
        "  INSERT INTO auxeira.users (email, user_type)"
        "  SELECT 'peer-' || g || '-' || md5(random()::text) || '@example.com', 'angel'"
        "  FROM generate_series(1, %(rows)s) AS g RETURNING id),"
        " numbered AS (SELECT id, row_number() OVER () AS n FROM peers)"
        " INSERT INTO auxeira.connections"
        "  (requester_id, addressee_id, status, responded_at)"
        " SELECT CASE WHEN n %% 2 = 0 THEN %(me)s ELSE id END,"
        "        CASE WHEN n %% 2 = 0 THEN id ELSE %(me)s END,"
        "        'accepted', timestamptz '2020-01-01' + n * interval '7 minutes'"
        " FROM numbered",
        {"rows": rows, "me": tenants["network"]},
    )
    conn.execute(
        "INSERT INTO auxeira.token_transactions (user_id, transaction_type, amount, created_at)"
        " SELECT %s, 'earned', 1 + g %% 50, timestamptz '2020-01-01' + g * interval '1 minute'"
        " FROM generate_series(1, %s) AS g",
        (tenants["tokens"], rows),
    )
    # 0026: pending connection requests (both directions) and an ESG user's student outcomes
    tenants["requests"] = new_user(conn, "angel")
    conn.execute(
        "WITH peers AS ("
        "  INSERT INTO auxeira.users (email, user_type)"
        "  SELECT 'asker-' || g || '-' || md5(random()::text) || '@example.com', 'angel'"
        "  FROM generate_series(1, %(rows)s) AS g RETURNING id),"
        " numbered AS (SELECT id, row_number() OVER () AS n FROM peers)"
        " INSERT INTO auxeira.connections (requester_id, addressee_id, created_at)"
        " SELECT CASE WHEN n %% 2 = 0 THEN %(me)s ELSE id END,"
        "        CASE WHEN n %% 2 = 0 THEN id ELSE %(me)s END,"
        "        timestamptz '2020-01-01' + n * interval '7 minutes'"
        " FROM numbered",
        {"rows": rows, "me": tenants["requests"]},
    )
    tenants["students"] = new_user(conn, "esg")
    conn.execute(
        "WITH p AS (INSERT INTO auxeira.education_programmes"
        "  (user_id, name, country_code, education_level, start_date)"
        "  VALUES (%(me)s, 'Bench programme', 'NG', 'secondary', DATE '2019-01-01') RETURNING id)"
        " INSERT INTO auxeira.education_student_outcomes"
        "  (programme_id, user_id, cohort_name, reported_on, students_enrolled, students_completed)"
        " SELECT p.id, %(me)s, 'Cohort ' || g, DATE '2020-01-01' + (g %% 2000), 10, 5"
        " FROM p, generate_series(1, %(rows)s) AS g",
        {"rows": rows, "me": tenants["students"]},
    )
    conn.execute(
        "ANALYZE auxeira.deals, auxeira.connections, auxeira.token_transactions,"
        " auxeira.education_student_outcomes"
    )
    return tenants


# Each list: how to read a page after a cursor, and the cursor of the row before position n.
Page = Callable[[psycopg.Connection[Any], int, Any], object]
LISTS: dict[str, tuple[Page, str]] = {
    "vc.deals": (
        lambda c, size, after: vc.deals(c, page_size=size, after=after),
        "SELECT sourced_on, id FROM auxeira.deals WHERE investor_id = %(me)s"
        " ORDER BY sourced_on DESC, id DESC OFFSET %(n)s LIMIT 1",
    ),
    "angel.network": (
        lambda c, size, after: angel.network(c, page_size=size, after=after),
        "SELECT responded_at, id FROM auxeira.connections WHERE status = 'accepted'"
        " AND %(me)s IN (requester_id, addressee_id)"
        " ORDER BY responded_at DESC, id DESC OFFSET %(n)s LIMIT 1",
    ),
    "startup.tokens": (
        lambda c, size, before: startup.tokens(c, page_size=size, before=before),
        "SELECT created_at, id FROM auxeira.token_transactions WHERE user_id = %(me)s"
        " ORDER BY created_at DESC, id DESC OFFSET %(n)s LIMIT 1",
    ),
    "angel.requests": (
        lambda c, size, after: angel.requests(c, page_size=size, after=after),
        "SELECT created_at, id FROM auxeira.connections WHERE status = 'requested'"
        " AND %(me)s IN (requester_id, addressee_id)"
        " ORDER BY created_at DESC, id DESC OFFSET %(n)s LIMIT 1",
    ),
    "esg.students": (
        lambda c, size, after: esg.students(c, page_size=size, after=after),
        "SELECT reported_on, id FROM auxeira.education_student_outcomes WHERE user_id = %(me)s"
        " ORDER BY reported_on DESC, id DESC OFFSET %(n)s LIMIT 1",
    ),
}
TENANT_OF = {
    "vc.deals": "deals",
    "angel.network": "network",
    "startup.tokens": "tokens",
    "angel.requests": "requests",
    "esg.students": "students",
}


def p50_ms(
    conn: psycopg.Connection[Any], me: uuid.UUID, call: Callable[[], object], n: int
) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        with tenant(conn, me):
            call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    admin_url = resolve(args.database_url).url
    name = f"auxeira_bench_paging_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = with_db(admin_url, name)
            migrations.migrate(url)
            started = time.perf_counter()
            summary = synthetic.generate(url, persona="all", scale=args.scale, seed=11)
            print(
                f"seeded {summary.total_rows:,} rows ({args.scale})"
                f" in {time.perf_counter() - started:.1f} s"
            )
            with psycopg.connect(url, autocommit=True) as conn:
                started = time.perf_counter()
                tenants = fill(conn, args.rows)
                print(
                    f"gave each list's tenant {args.rows:,} rows"
                    f" in {time.perf_counter() - started:.1f} s"
                )
            with psycopg.connect(url) as app:
                app.execute("SET ROLE auxeira_app")
                app.commit()
                print(
                    f"{'list':16} {'page 1 ms':>10} {'deep page':>10} {'deep ms':>9} {'ratio':>6}"
                )
                for label, (page, cursor_sql) in LISTS.items():
                    me = tenants[TENANT_OF[label]]
                    deepest = (args.rows // args.page_size) - 1  # the last full page, 0-based
                    with psycopg.connect(url, autocommit=True) as conn:
                        row = conn.execute(
                            cursor_sql, {"me": me, "n": deepest * args.page_size - 1}
                        ).fetchone()
                    assert row is not None
                    cursor = (row[0], row[1])
                    first = p50_ms(app, me, lambda p=page: p(app, args.page_size, None), args.calls)
                    deep = p50_ms(
                        app, me, lambda p=page, c=cursor: p(app, args.page_size, c), args.calls
                    )
                    print(
                        f"{label:16} {first:10.2f} {deepest + 1:>10,} {deep:9.2f}"
                        f" {deep / first:6.2f}"
                    )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
