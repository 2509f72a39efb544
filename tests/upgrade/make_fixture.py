"""Regenerate tests/upgrade/release1.sql: a small seeded database of the first release.

Run it with the code of that release (commit 35fd347, migrations 0001-0007), never with the
current code; see tests/upgrade/README.md for the commands. It migrates an empty scratch
database with that release, seeds a small ecosystem, adds a few real (non-synthetic) rows and
a custom template, refreshes the dashboards' views, and writes every table's rows as a plain
SQL file of COPY blocks (parents before children, no server-version-specific settings).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo
from psycopg import sql

RELEASE_HEAD = "0007_performance_single_pass"
SCHEMA = "auxeira"
# Fixed so that a regeneration gives the same rows (expires_at aside).
SEED = 20261129
AS_OF = date(2026, 6, 30)


def check_release_code() -> None:
    import auxeira_db
    from auxeira_db.resources import migrations_dir

    ids = sorted(p.name[:-4] for p in migrations_dir().glob("*.sql") if ".rollback" not in p.name)
    if ids[-1] != RELEASE_HEAD:
        sys.exit(
            f"{auxeira_db.__file__} is not the first release (its newest migration is {ids[-1]}):"
            " run this script with the venv of a worktree of 35fd347"
        )


def tables_in_load_order(conn: psycopg.Connection[Any]) -> list[str]:
    """Tables of the schema, each after the tables its foreign keys reference."""
    names = [
        str(r[0])
        for r in conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace"
            " AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY relname",
            (SCHEMA,),
        )
    ]
    parents: dict[str, set[str]] = {name: set() for name in names}
    for child, parent in conn.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint AS c"
        " WHERE c.contype = 'f' AND c.connamespace = %s::regnamespace",
        (SCHEMA,),
    ):
        child_name, parent_name = str(child).split(".")[-1], str(parent).split(".")[-1]
        if child_name != parent_name and parent_name in parents:
            parents[child_name].add(parent_name)
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:
            raise SystemExit(f"foreign-key cycle among {set(names) - set(ordered)}")
        ordered.extend(ready)
    return ordered


def copy_block(conn: psycopg.Connection[Any], table: str) -> tuple[str, int]:
    columns = [
        str(r[0])
        for r in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
            " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
            (f"{SCHEMA}.{table}",),
        )
    ]
    column_list = sql.SQL(", ").join(map(sql.Identifier, columns))
    query = sql.SQL("COPY (SELECT {} FROM {}.{} ORDER BY 1) TO STDOUT").format(
        column_list, sql.Identifier(SCHEMA), sql.Identifier(table)
    )
    data = bytearray()
    with conn.cursor() as cur, cur.copy(query) as copy:
        for chunk in copy:
            data += chunk
    rows = data.count(b"\n")
    header = f"COPY {SCHEMA}.{table} ({', '.join(columns)}) FROM stdin;\n"
    return header + data.decode() + "\\.\n", rows


def sequence_values(conn: psycopg.Connection[Any]) -> str:
    """setval() of every sequence of the schema, so that new rows do not reuse loaded ids."""
    lines = []
    for name, last, called in conn.execute(
        "SELECT format('%%I.%%I', schemaname, sequencename), last_value, last_value IS NOT NULL"
        " FROM pg_sequences WHERE schemaname = %s ORDER BY 1",
        (SCHEMA,),
    ):
        if called:
            lines.append(f"SELECT pg_catalog.setval('{name}', {int(last)}, true);\n")
    return "".join(lines)


def real_rows(conn: psycopg.Connection[Any]) -> None:
    """A few rows a person entered (not synthetic): upgrades must keep them too."""
    founder, investor, company = (uuid.UUID(int=n) for n in (0xA1, 0xA2, 0xA3))
    conn.execute(
        "INSERT INTO auxeira.users (id, email, user_type, company_name) VALUES"
        " (%s, 'real.founder@example.com', 'founder', 'Real Company'),"
        " (%s, 'real.vc@example.com', 'vc', 'Real Ventures')",
        (founder, investor),
    )
    conn.execute(
        "INSERT INTO auxeira.companies (id, user_id, name, industry, stage, founded_date)"
        " VALUES (%s, %s, 'Real Company', 'SaaS', 'seed', DATE '2021-03-01')",
        (company, founder),
    )
    conn.execute(
        "INSERT INTO auxeira.investments (investor_id, company_id, amount, investment_date,"
        " investment_round) VALUES (%s, %s, 250000, DATE '2022-05-01', 'seed')",
        (investor, company),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="a server to create a scratch db on")
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("release1.sql"))
    args = parser.parse_args()
    check_release_code()

    from auxeira_db import migrations, refresh, synthetic

    scratch = f"auxeira_release1_fixture_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.database_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    params = psycopg.conninfo.conninfo_to_dict(args.database_url) | {"dbname": scratch}
    url = psycopg.conninfo.make_conninfo("", **params)
    try:
        applied = migrations.migrate(url).applied
        assert applied[-1] == RELEASE_HEAD, applied
        synthetic.generate(url, persona="all", count=10, seed=SEED, ttl="3650d", as_of=AS_OF)
        with psycopg.connect(url, autocommit=True) as conn:
            synthetic.create_template(
                conn,
                "release1-custom",
                {"persona": "vc", "counts": {"vc": 2, "founder": 12}, "stages": ["seed"]},
                "A custom template stored by the first release.",
            )
            with conn.transaction():
                real_rows(conn)
            refresh.refresh(conn, concurrently=False)
            blocks = [copy_block(conn, table) for table in tables_in_load_order(conn)]
            sequences = sequence_values(conn)
    finally:
        with psycopg.connect(args.database_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(scratch)))
    total = sum(rows for _, rows in blocks)
    with args.output.open("w") as out:
        out.write(
            "-- A small seeded database of auxeira-db's first release (migrations 0001-0007),\n"
            "-- written by tests/upgrade/make_fixture.py from the code of commit 35fd347: data\n"
            f"-- only, {total:,} rows, parents before children. Load it into a database migrated\n"
            f"-- to {RELEASE_HEAD}, in one transaction (psql --single-transaction -f);\n"
            "-- replica mode keeps triggers from rewriting the rows as they load.\n"
            "SET session_replication_role = replica;\n\n"
        )
        for block, _ in blocks:
            out.write(block)
        out.write(sequences)
    print(f"wrote {args.output}: {total:,} rows in {len(blocks)} tables")


if __name__ == "__main__":
    main()
