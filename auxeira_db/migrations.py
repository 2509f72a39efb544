"""Applying, inspecting and rolling back the yoyo migrations, one process at a time.

yoyo recognises a migration by its id only and its own lock is a table row that a
crashed process leaves behind. So every operation here runs under a session-level
advisory lock held on a dedicated connection (released by the server when the
process dies), computes what to do inside that lock, and refuses to run when a
released migration's checksum differs from the manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

from auxeira_db.config import first_line
from auxeira_db.db import connect
from auxeira_db.errors import MigrationError
from auxeira_db.resources import migrations_dir

MANIFEST_NAME = "MANIFEST.sha256"
MIGRATION_TABLE = "_yoyo_migration"
# pg_advisory_lock key: the bytes of "auxeira" read as a big-endian integer.
LOCK_KEY = int.from_bytes(b"auxeira", "big")


@dataclass(frozen=True)
class MigrationState:
    """One migration and when it was applied (None: pending)."""

    id: str
    applied_at: datetime | None

    @property
    def applied(self) -> bool:
        return self.applied_at is not None


@dataclass(frozen=True)
class MigrateResult:
    """What `migrate` did: the migrations applied (or that would be, in a dry run)."""

    applied: list[str]
    dry_run: bool


# --- checksum manifest -------------------------------------------------------------


def migration_files(folder: Path | None = None) -> list[Path]:
    """Every migration and rollback file, sorted by name."""
    return sorted((folder or migrations_dir()).glob("*.sql"))


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(folder: Path | None = None) -> dict[str, str]:
    """File name -> sha256 of every released migration file."""
    path = (folder or migrations_dir()) / MANIFEST_NAME
    entries: dict[str, str] = {}
    if not path.exists():
        return entries
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            entries[name.strip()] = digest
    return entries


def manifest_problems(folder: Path | None = None) -> list[str]:
    """Why the migration files and the manifest disagree; empty when they agree."""
    folder = folder or migrations_dir()
    released = read_manifest(folder)
    present = {path.name: checksum(path) for path in migration_files(folder)}
    problems = []
    for name, digest in released.items():
        if name not in present:
            problems.append(f"released migration file {name} is missing")
        elif present[name] != digest:
            problems.append(
                f"released migration {name} was edited (checksum differs from {MANIFEST_NAME});"
                " add a new migration instead"
            )
    for name in sorted(set(present) - set(released)):
        problems.append(f"migration file {name} is not in {MANIFEST_NAME} (run `make manifest`)")
    return problems


def update_manifest(folder: Path | None = None) -> list[str]:
    """Add files missing from the manifest; never rewrites a released entry."""
    folder = folder or migrations_dir()
    released = read_manifest(folder)
    added = [p for p in migration_files(folder) if p.name not in released]
    if added:
        with (folder / MANIFEST_NAME).open("a") as manifest:
            for path in added:
                manifest.write(f"{checksum(path)}  {path.name}\n")
    return [p.name for p in added]


def verify_manifest() -> None:
    problems = manifest_problems()
    if problems:
        raise MigrationError(problems[0])


# --- yoyo plumbing -----------------------------------------------------------------


def _read_migrations() -> Any:
    from yoyo import read_migrations

    return read_migrations(str(migrations_dir()))


def _backend(url: str) -> Any:
    """A yoyo backend for psycopg 3, built from any libpq URL or conninfo string.

    yoyo's own URL parser loses Unix-socket hosts, so every parameter is passed through.
    """
    from yoyo.connections import DatabaseURI, get_backend_class

    params = {k: v for k, v in psycopg.conninfo.conninfo_to_dict(url).items() if v is not None}
    dbname = params.pop("dbname", None)
    uri = DatabaseURI("postgresql+psycopg", None, None, None, None, dbname, params)
    backend = get_backend_class("postgresql+psycopg")(uri, MIGRATION_TABLE)
    backend.init_database()
    return backend


@contextmanager
def migration_lock(url: str) -> Iterator[psycopg.Connection[Any]]:
    """Hold the migration advisory lock for the block, on a connection of its own."""
    conn = connect(url, autocommit=True)
    try:
        conn.execute("SELECT pg_catalog.pg_advisory_lock(%s)", (LOCK_KEY,))
        yield conn
    finally:
        conn.close()  # closing the session releases the lock, whatever happened


def _applied_at(conn: psycopg.Connection[Any]) -> dict[str, datetime]:
    exists = conn.execute("SELECT pg_catalog.to_regclass(%s) IS NOT NULL", (MIGRATION_TABLE,))
    row = exists.fetchone()
    if not row or not row[0]:
        return {}
    rows = conn.execute(f"SELECT migration_id, applied_at_utc FROM {MIGRATION_TABLE}").fetchall()
    return {str(r[0]): r[1] for r in rows}


def status(url: str) -> list[MigrationState]:
    """Every known migration in order, with the time it was applied (UTC) or None."""
    with connect(url, autocommit=True) as conn:
        applied = _applied_at(conn)
    return [MigrationState(m.id, applied.get(m.id)) for m in _read_migrations()]


def pending(url: str) -> list[str]:
    return [state.id for state in status(url) if not state.applied]


def _wrap(action: str, migration_id: str, exc: BaseException) -> MigrationError:
    message = exc.diag.message_primary if isinstance(exc, psycopg.Error) else None
    return MigrationError(
        f"migration {migration_id} failed to {action} and was rolled back: "
        f"{first_line(message or str(exc))}"
    )


def migrate(url: str, *, to: str | None = None, dry_run: bool = False) -> MigrateResult:
    """Apply pending migrations in order (up to and including `to`), each in one transaction."""
    verify_manifest()
    with migration_lock(url):
        backend = _backend(url)
        todo = list(backend.to_apply(_read_migrations()))
        if to is not None:
            ids = [m.id for m in _read_migrations()]
            if to not in ids:
                raise MigrationError(f"unknown migration id {to!r}")
            limit = ids.index(to)
            todo = [m for m in todo if ids.index(m.id) <= limit]
        if dry_run:
            return MigrateResult([m.id for m in todo], dry_run=True)
        done: list[str] = []
        for migration in todo:
            try:
                backend.apply_one(migration)
            except Exception as exc:
                raise _wrap("apply", migration.id, exc) from None
            done.append(migration.id)
        return MigrateResult(done, dry_run=False)


def rollback(
    url: str, *, steps: int | None = None, to: str | None = None, everything: bool = False
) -> list[str]:
    """Roll back the newest `steps` migrations, or those after `to`, or all of them."""
    if sum(x is not None and x is not False for x in (steps, to, everything or None)) != 1:
        raise MigrationError("choose exactly one of --steps, --to and --all")
    if steps is not None and steps < 1:
        raise MigrationError("--steps must be at least 1")
    with migration_lock(url):
        backend = _backend(url)
        migrations = _read_migrations()
        newest_first = list(backend.to_rollback(migrations))
        if to is not None:
            ids = [m.id for m in migrations]
            if to not in ids:
                raise MigrationError(f"unknown migration id {to!r}")
            chosen = [m for m in newest_first if ids.index(m.id) > ids.index(to)]
        elif steps is not None:
            chosen = newest_first[:steps]
        else:
            chosen = newest_first
        done: list[str] = []
        for migration in chosen:
            try:
                backend.rollback_one(migration)
            except Exception as exc:
                raise _wrap("roll back", migration.id, exc) from None
            done.append(migration.id)
        return done
