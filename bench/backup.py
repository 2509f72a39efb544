"""Benchmark: `auxeira-db backup` and `restore` (with verification) against bare pg_dump and
pg_restore of the same database.

    .venv/bin/python bench/backup.py [--scale medium] [--database-url URL]

Seeds `--persona all --scale SCALE` into a fresh migrated database, then times, in the same
run: backup (pg_dump + counts and checksums + tar) against `pg_dump -Fc` of the same schemas;
restore into an empty database (one transaction + verification) against `pg_restore` of the
bare dump into another empty database. Prints seconds, rows/s and the ratios (the price of
the manifest and of the one-transaction restore). Databases are dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import psycopg.conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db import backup, migrations  # noqa: E402
from auxeira_db.db import resolve  # noqa: E402
from auxeira_db.synthetic import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    server = resolve(args.database_url).url
    names = [f"bench_backup_{os.getpid()}_{i}" for i in range(3)]
    with psycopg.connect(server, autocommit=True) as admin:
        for name in names:
            admin.execute(f"CREATE DATABASE {name}")
    urls = [psycopg.conninfo.make_conninfo(server, dbname=n) for n in names]
    try:
        source, target, bare_target = urls
        migrations.migrate(source)
        generate(source, persona="all", scale=args.scale, seed=2024)
        with psycopg.connect(source) as conn:
            major = conn.info.server_version // 10000
        pg_dump = backup.find_tool("pg_dump", major)
        pg_restore = backup.find_tool("pg_restore", major)
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / "auxeira.bak"
            started = time.perf_counter()
            manifest = backup.backup(source, file)
            t_backup = time.perf_counter() - started
            bare = Path(tmp) / "bare.pgdump"
            schemas = [f"--schema={s}" for s in backup.SCHEMAS]
            started = time.perf_counter()
            subprocess.run(
                [str(pg_dump), "-Fc", "-f", str(bare), *schemas, "--dbname", source], check=True
            )
            t_dump = time.perf_counter() - started
            started = time.perf_counter()
            result = backup.restore(file, target)
            t_restore = time.perf_counter() - started
            started = time.perf_counter()
            subprocess.run(
                [str(pg_restore), "--dbname", bare_target, str(bare)],
                check=False,
                capture_output=True,
            )  # its materialized-view refreshes fail under row_security = off
            t_bare_restore = time.perf_counter() - started
            size = file.stat().st_size
        rows = sum(t.rows for t in manifest.tables.values())
        assert result.ok, result.mismatches
        print(f"scale {args.scale}: {rows:,} rows in {len(manifest.tables)} tables, {size:,} bytes")
        print(
            f"backup  {t_backup:6.2f} s ({rows / t_backup:,.0f} rows/s)   pg_dump -Fc"
            f" {t_dump:6.2f} s   ratio {t_backup / t_dump:.2f}"
        )
        print(
            f"restore {t_restore:6.2f} s ({rows / t_restore:,.0f} rows/s, verified)   pg_restore"
            f" {t_bare_restore:6.2f} s   ratio {t_restore / t_bare_restore:.2f}"
        )
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            for name in names:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
