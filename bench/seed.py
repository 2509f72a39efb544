"""Benchmark: `auxeira-db seed --persona all` against raw COPY of the same rows, and the
seeder's memory at one and at N times the platform.

    .venv/bin/python bench/seed.py [--scale large] [--times 4] [--database-url URL]

1. Seeds `--persona all --scale SCALE` in a child process into a fresh migrated database; the
   child reports its own peak RSS (VmHWM).
2. Writes the very same ecosystem as COPY text files (untimed), plus the portfolio_metrics
   history the SQL wrote in step 1 (exported from that database), then COPYs those
   precomputed files into a second fresh migrated database, table by table in one
   transaction: the same rows, tables, constraints, indexes and foreign keys, with no
   generation and no calculation at all.
3. Seeds `--scale SCALE --times N` (N times the tenants of every type, the same shape per
   tenant) in another child process into a third fresh database, for its peak RSS.
4. Prints rows/s of seeding and of raw COPY and their ratio (target: seeding >= 0.5 x raw
   COPY), and the peak RSS at 1x and at Nx with their ratio (target: <= 2, the generator
   streams).

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
# the columns of the portfolio_metrics history the seeder has SQL write (copied raw in step 2)
HISTORY_COLUMNS = (
    "investor_id",
    "metric_date",
    "total_invested",
    "total_portfolio_value",
    "unrealized_gains",
    "realized_gains",
    "portfolio_irr",
    "portfolio_moic",
    "active_investments",
    "exited_investments",
    "written_off_investments",
    "top_quartile_count",
    "unicorn_count",
    "is_synthetic",
    "expires_at",
)


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


def peak_rss_kib() -> int:
    """This process's peak resident set (VmHWM; ru_maxrss where /proc is missing), in KiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(url: str, scale: str, times: int) -> None:
    """Seed in this process and print the summary and this process's peak RSS as JSON."""
    summary = generate(url, persona="all", scale=scale, seed=SEED, times=times)
    sys.stdout.write(
        json.dumps(
            {
                "rows": summary.total_rows,
                "seconds": summary.seconds,
                "tables": summary.tables,
                "peak_kib": peak_rss_kib(),
            }
        )
        + "\n"
    )


def seed_in_child(url: str, scale: str, times: int) -> dict[str, Any]:
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            scale,
            "--times",
            str(times),
            "--database-url",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"seeding {scale} x{times} failed: {result.stderr.strip()}")
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def file_chunks(path: Path, rows: int) -> Iterator[tuple[bytes, int]]:
    """A precomputed COPY file in 1 MiB reads (rows are counted once, at the end)."""
    with path.open("rb") as handle:
        while data := handle.read(READ_CHUNK):
            yield data, 0
    yield b"", rows


def export_history(seeded_url: str, path: Path) -> int:
    """The portfolio_metrics rows SQL wrote in the seeded database, as COPY text."""
    columns = ", ".join(HISTORY_COLUMNS)
    rows = 0
    query = f"COPY (SELECT {columns} FROM auxeira.portfolio_metrics) TO STDOUT"
    with (
        psycopg.connect(seeded_url) as conn,
        conn.cursor() as cur,
        path.open("wb") as out,
        cur.copy(query) as copy,
    ):
        for data in copy:
            out.write(data)
            rows += bytes(data).count(b"\n")
    return rows


def raw_copy(
    url: str, scale: str, folder: Path, history: Path, history_rows: int
) -> tuple[int, float]:
    """Precompute the ecosystem as COPY files (untimed), then time COPYing them (with each
    table's before/after statements, as the seeder runs them: the trigger switch and the rule
    check around the history of auction bids), and the exported portfolio_metrics history."""
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
    files.append(
        (Table("portfolio_metrics", HISTORY_COLUMNS, lambda: iter(()), 0), history, history_rows)
    )
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
    parser.add_argument("--scale", default="large", choices=("small", "medium", "large"))
    parser.add_argument("--times", type=int, default=4, help="the multiplier of step 3")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.database_url, args.child, args.times)
        return
    server = resolve(args.database_url).url
    tag = f"auxeira_bench_seed_{os.getpid()}"
    seeded_db, raw_db, times_db = f"{tag}_seed", f"{tag}_raw", f"{tag}_times"
    try:
        seed_url = create_db(server, seeded_db)
        print(f"seeding --persona all --scale {args.scale} (child process) ...", flush=True)
        one = seed_in_child(seed_url, args.scale, 1)
        seed_rate = one["rows"] / one["seconds"]
        print(
            f"  {one['rows']:,} rows ({one['tables'].get('portfolio_metrics', 0):,} "
            f"portfolio_metrics written by SQL) in {one['seconds']:.1f} s = "
            f"{seed_rate:,.0f} rows/s; peak RSS {one['peak_kib'] / 1024:.0f} MiB"
        )
        raw_url = create_db(server, raw_db)
        with tempfile.TemporaryDirectory(prefix="auxeira-bench-") as folder:
            history = Path(folder) / "history.copy"
            history_rows = export_history(seed_url, history)
            drop_db(server, seeded_db)
            print("raw COPY of the same rows from precomputed files ...", flush=True)
            rows, seconds = raw_copy(raw_url, args.scale, Path(folder), history, history_rows)
        drop_db(server, raw_db)
        raw_rate = rows / seconds
        print(f"  {rows:,} rows in {seconds:.1f} s = {raw_rate:,.0f} rows/s")
        times_url = create_db(server, times_db)
        print(
            f"seeding --persona all --scale {args.scale} --times {args.times} (child process) ...",
            flush=True,
        )
        many = seed_in_child(times_url, args.scale, args.times)
        print(
            f"  {many['rows']:,} rows in {many['seconds']:.1f} s = "
            f"{many['rows'] / many['seconds']:,.0f} rows/s; peak RSS "
            f"{many['peak_kib'] / 1024:.0f} MiB"
        )
        print()
        print(f"seeding    {seed_rate:>12,.0f} rows/s  ({one['rows']:,} rows, {args.scale})")
        print(f"raw COPY   {raw_rate:>12,.0f} rows/s  ({rows:,} rows)")
        print(f"ratio      {seed_rate / raw_rate:>12.2f}  (target >= 0.50)")
        print(
            f"peak RSS   {args.scale} x1 {one['peak_kib'] / 1024:.0f} MiB, x{args.times} "
            f"{many['peak_kib'] / 1024:.0f} MiB: ratio {many['peak_kib'] / one['peak_kib']:.2f}"
            " (target <= 2)"
        )
    finally:
        for name in (seeded_db, raw_db, times_db):
            drop_db(server, name)


if __name__ == "__main__":
    main()
