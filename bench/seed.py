"""Benchmark: `auxeira-db seed --persona all` against raw COPY of the same rows.

    .venv/bin/python bench/seed.py [--scale large] [--database-url URL]

1. Seeds `--persona all --scale medium`, then `--scale large`, each in a child process, into a
   fresh migrated database, and reads the child's peak RSS (RUSAGE_CHILDREN.ru_maxrss): memory
   stays flat when the generator streams.
2. Writes the very same large ecosystem as COPY text files (untimed), then COPYs those
   precomputed files into a second fresh migrated database, table by table in one transaction:
   the same rows, tables, constraints, indexes and foreign keys, with no generation at all.
3. Prints rows/s for both and their ratio (target: seeding >= 0.5 x raw COPY).

The databases are created on the server of --database-url / AUXEIRA_DATABASE_URL /
DATABASE_URL (else the embedded development server) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db import migrations  # noqa: E402
from auxeira_db.db import resolve  # noqa: E402
from auxeira_db.synthetic import build_plan, ecosystem_tables, generate  # noqa: E402
from auxeira_db.synthetic.generator import Table  # noqa: E402
from auxeira_db.synthetic.loader import copy_table  # noqa: E402

SEED = 2024
READ_CHUNK = 1 << 20


def with_db(url: str, dbname: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo("", **params)


def create_db(server_url: str, name: str) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = with_db(server_url, name)
    migrations.migrate(url)
    return url


def drop_db(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child(url: str, scale: str) -> None:
    """Seed in this process and print the summary as JSON (peak RSS is read by the parent)."""
    summary = generate(url, persona="all", scale=scale, seed=SEED)
    sys.stdout.write(
        json.dumps(
            {"rows": summary.total_rows, "seconds": summary.seconds, "tables": summary.tables}
        )
        + "\n"
    )


def seed_in_child(url: str, scale: str) -> tuple[dict[str, Any], int]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", scale, "--database-url", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"seeding {scale} failed: {result.stderr.strip()}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return json.loads(result.stdout), peak_kib


def file_chunks(path: Path, rows: int) -> Iterator[tuple[bytes, int]]:
    """A precomputed COPY file in 1 MiB reads (rows are counted once, at the end)."""
    with path.open("rb") as handle:
        while data := handle.read(READ_CHUNK):
            yield data, 0
    yield b"", rows


def raw_copy(url: str, scale: str, folder: Path) -> tuple[int, float]:
    """Precompute the large ecosystem as COPY files (untimed), then time COPYing them (with
    each table's before/after statements, as the seeder runs them: the trigger switch and the
    rule check around the history of auction bids)."""
    plan = build_plan(None, persona="all", scale=scale, seed=SEED)
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT now()").fetchone()
        assert row is not None
        now = row[0]
    expires = now + timedelta(days=1)
    files: list[tuple[Table, Path, int]] = []
    for n, table in enumerate(ecosystem_tables(plan, expires, now=now)):
        path = folder / f"{n:02d}-{table.name}.copy"
        rows = 0
        with path.open("w") as out:
            for text, count in table.chunks():
                out.write(text)
                rows += count
        files.append((table, path, rows))
    total = 0
    started = time.perf_counter()
    with psycopg.connect(url) as conn, conn.transaction(), conn.cursor() as cur:
        for table, path, rows in files:
            for statement in table.before:
                cur.execute(statement)
            total += copy_table(cur, table.name, table.columns, file_chunks(path, rows))
            for statement in table.after:
                cur.execute(statement)
    return total, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--scale", default="large", choices=("medium", "large"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.database_url, args.child)
        return
    server = resolve(args.database_url).url
    tag = f"auxeira_bench_seed_{os.getpid()}"
    seeded_db, raw_db = f"{tag}_seed", f"{tag}_raw"
    try:
        seed_url = create_db(server, seeded_db)
        print("seeding --persona all --scale medium (child process) ...", flush=True)
        medium, medium_rss = seed_in_child(seed_url, "medium")
        print(
            f"  {medium['rows']:,} rows in {medium['seconds']:.1f} s; peak RSS "
            f"{medium_rss / 1024:.0f} MiB"
        )
        print(f"seeding --persona all --scale {args.scale} (child process) ...", flush=True)
        large, large_rss = seed_in_child(seed_url, args.scale)
        seed_rate = large["rows"] / large["seconds"]
        print(
            f"  {large['rows']:,} rows in {large['seconds']:.1f} s = {seed_rate:,.0f} rows/s; "
            f"peak RSS {large_rss / 1024:.0f} MiB"
        )
        raw_url = create_db(server, raw_db)
        with tempfile.TemporaryDirectory(prefix="auxeira-bench-") as folder:
            print("raw COPY of the same tables from precomputed files ...", flush=True)
            rows, seconds = raw_copy(raw_url, args.scale, Path(folder))
        raw_rate = rows / seconds
        print(f"  {rows:,} rows in {seconds:.1f} s = {raw_rate:,.0f} rows/s")
        print()
        print(f"seeding    {seed_rate:>12,.0f} rows/s  ({large['rows']:,} rows)")
        print(f"raw COPY   {raw_rate:>12,.0f} rows/s  ({rows:,} rows)")
        print(f"ratio      {seed_rate / raw_rate:>12.2f}  (target >= 0.50)")
        print(
            f"peak RSS   medium {medium_rss / 1024:.0f} MiB, {args.scale} "
            f"{large_rss / 1024:.0f} MiB"
        )
    finally:
        drop_db(server, seeded_db)
        drop_db(server, raw_db)


if __name__ == "__main__":
    main()
