"""Applying, inspecting and rolling back the yoyo migrations, one process at a time.

yoyo recognises a migration by its id only and its own lock is a table row that a
crashed process leaves behind. So every operation here runs under a session-level
advisory lock held on a dedicated connection (released by the server when the
process dies), computes what to do inside that lock, and refuses to run when a
released migration's checksum differs from the manifest.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

from auxeira_db.config import first_line
from auxeira_db.db import connect, translated
from auxeira_db.errors import (
    ConfirmationRequired,
    MigrationError,
    NewerDatabase,
    NotMigrated,
    ReadOnlyDatabase,
)
from auxeira_db.resources import migrations_dir

MANIFEST_NAME = "MANIFEST.sha256"
MIGRATION_TABLE = "_yoyo_migration"
# pg_advisory_lock key: the bytes of "auxeira" read as a big-endian integer.
LOCK_KEY = int.from_bytes(b"auxeira", "big")
# yoyo logs a failing step with its traceback through logging's last-resort handler; the
# failure reaches the caller as one MigrationError instead.
logging.getLogger("yoyo").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class MigrationState:
    """One migration and when it was applied (None: pending). `known` is False for an id in
    the database's history that this package does not have (a newer release applied it)."""

    id: str
    applied_at: datetime | None
    known: bool = True

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


def history_readable(conn: psycopg.Connection[Any]) -> bool:
    """Whether this login may read yoyo's history. A service login (a member of auxeira_app)
    may not: its commands are then checked by the server's privileges alone."""
    row = conn.execute(
        "SELECT pg_catalog.to_regclass(%s) IS NULL"
        " OR pg_catalog.has_table_privilege(pg_catalog.to_regclass(%s), 'SELECT')",
        (MIGRATION_TABLE, MIGRATION_TABLE),
    ).fetchone()
    return bool(row and row[0])


def _applied_at(conn: psycopg.Connection[Any]) -> dict[str, datetime]:
    exists = conn.execute("SELECT pg_catalog.to_regclass(%s) IS NOT NULL", (MIGRATION_TABLE,))
    row = exists.fetchone()
    if not row or not row[0]:
        return {}
    rows = conn.execute(f"SELECT migration_id, applied_at_utc FROM {MIGRATION_TABLE}").fetchall()
    return {str(r[0]): r[1] for r in rows}


def applied_ids(conn: psycopg.Connection[Any]) -> list[str]:
    """The migrations applied to the connected database, in id order (none without history)."""
    return sorted(_applied_at(conn))


def known_ids() -> list[str]:
    """The ids of the migrations this package ships, in order (from the file names)."""
    return [
        path.name.removesuffix(".sql")
        for path in migration_files()
        if not path.name.endswith(".rollback.sql")
    ]


def unknown_applied(conn: psycopg.Connection[Any]) -> list[str]:
    """Ids in the database's migration history that this package does not know."""
    known = set(known_ids())
    return sorted(mid for mid in _applied_at(conn) if mid not in known)


def check_known(conn: psycopg.Connection[Any]) -> None:
    """Refuse (NewerDatabase) a database migrated by a newer release of the package."""
    unknown = unknown_applied(conn)
    if unknown:
        raise NewerDatabase(unknown)


def require_current(conn: psycopg.Connection[Any]) -> None:
    """Refuse a database this package cannot work on: migrated by a newer release
    (NewerDatabase), or with migrations still to apply (NotMigrated)."""
    with translated():
        if not history_readable(conn):
            return
        check_known(conn)
        applied = _applied_at(conn)
    waiting = [mid for mid in known_ids() if mid not in applied]
    if waiting:
        state = "is not migrated" if not applied else "is not up to date"
        raise NotMigrated(
            f"the database {state}: {len(waiting)} pending migration(s)"
            f" ({', '.join(waiting)}); run `auxeira-db migrate`"
        )


def status(url: str) -> list[MigrationState]:
    """Every known migration in order, with the time it was applied (UTC) or None, then any
    unknown id of the database's history (known=False)."""
    with connect(url, autocommit=True) as conn, translated():
        applied = _applied_at(conn)
    ids = known_ids()
    states = [MigrationState(mid, applied.get(mid)) for mid in ids]
    extra = sorted(set(applied) - set(ids))
    return states + [MigrationState(mid, applied[mid], known=False) for mid in extra]


def pending(url: str) -> list[str]:
    return [state.id for state in status(url) if not state.applied]


def _wrap(action: str, migration_id: str, exc: BaseException) -> MigrationError:
    message = exc.diag.message_primary if isinstance(exc, psycopg.Error) else None
    return MigrationError(
        f"migration {migration_id} failed to {action} and was rolled back: "
        f"{first_line(message or str(exc))}"
    )


def refuse_read_only(conn: psycopg.Connection[Any]) -> None:
    """A read-only database would fail inside yoyo with a misleading message (its lock table
    cannot be created): say what is wrong before yoyo runs."""
    row = conn.execute(
        "SELECT pg_catalog.current_setting('transaction_read_only') = 'on',"
        " pg_catalog.pg_is_in_recovery()"
    ).fetchone()
    if row and (row[0] or row[1]):
        why = "a standby server in recovery" if row[1] else "default_transaction_read_only is on"
        raise ReadOnlyDatabase(f"the database is read-only ({why}): nothing was changed", "25006")


def migrate(url: str, *, to: str | None = None, dry_run: bool = False) -> MigrateResult:
    """Apply pending migrations in order (up to and including `to`), each in one transaction."""
    verify_manifest()
    with migration_lock(url) as lock, translated():
        check_known(lock)
        refuse_read_only(lock)
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


@dataclass(frozen=True)
class DroppedTable:
    """A table a rollback would drop, and the rows it holds now."""

    name: str
    rows: int


@dataclass(frozen=True)
class DroppedColumn:
    """A column a rollback would drop from a table that stays, and the table's rows."""

    table: str
    column: str
    rows: int


@dataclass(frozen=True)
class RollbackPlan:
    """What a rollback would do: the migrations (newest first) and the data it would destroy,
    found by running their rollback SQL in a transaction that is then rolled back."""

    migrations: list[str]
    dropped_tables: list[DroppedTable]
    dropped_columns: list[DroppedColumn]

    @property
    def destroys_rows(self) -> bool:
        return any(t.rows for t in self.dropped_tables) or any(c.rows for c in self.dropped_columns)


def _choose(
    applied_newest_first: list[str],
    *,
    steps: int | None,
    to: str | None,
    everything: bool,
) -> list[str]:
    """The migrations a rollback would undo, newest first, or MigrationError saying why not."""
    if to is not None:
        ids = known_ids()
        if to not in ids:
            raise MigrationError(f"unknown migration id {to!r}")
        return [mid for mid in applied_newest_first if ids.index(mid) > ids.index(to)]
    if everything:
        return applied_newest_first
    assert steps is not None
    if steps > len(applied_newest_first):
        raise MigrationError(
            f"--steps {steps} is more than the {len(applied_newest_first)} applied migration(s)"
        )
    chosen = applied_newest_first[:steps]
    if chosen and chosen[-1] == known_ids()[0]:
        raise MigrationError(
            f"--steps {steps} would roll back {chosen[-1]}, which drops the schema and every row:"
            " refused; use --all (with --yes) if that is really meant"
        )
    return chosen


def _user_tables(conn: psycopg.Connection[Any]) -> dict[int, str]:
    rows = conn.execute(
        """
        SELECT c.oid::bigint, pg_catalog.format('%I.%I', n.nspname, c.relname)
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%'
        """
    ).fetchall()
    return {int(oid): str(name) for oid, name in rows}


def _user_columns(conn: psycopg.Connection[Any], tables: list[int]) -> set[tuple[int, str]]:
    rows = conn.execute(
        "SELECT attrelid::bigint, attname FROM pg_catalog.pg_attribute"
        " WHERE attrelid = ANY(%s::bigint[]::oid[]) AND attnum > 0 AND NOT attisdropped",
        (tables,),
    ).fetchall()
    return {(int(r[0]), str(r[1])) for r in rows}


def _count(conn: psycopg.Connection[Any], qualified: str) -> int:
    schema, _, table = qualified.partition(".")
    query = psycopg.sql.SQL("SELECT count(*) FROM {}.{}").format(
        psycopg.sql.Identifier(schema.strip('"')), psycopg.sql.Identifier(table.strip('"'))
    )
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


# Tables whose every row is recomputed from others (the kept investment figures of 0016,
# rebuilt by auxeira.refresh_holding_figures()): dropping them loses nothing, so a rollback
# that drops them needs no confirmation.
DERIVED_TABLES = frozenset({"auxeira.holding_figures", "auxeira.portfolio_figures"})


def _trial(url: str, chosen: list[str]) -> RollbackPlan:
    """Run the rollback SQL of `chosen` (newest first) in a transaction that is rolled back,
    and report the tables and columns it drops with their row counts."""
    if not chosen:
        return RollbackPlan([], [], [])
    folder = migrations_dir()
    with connect(url) as conn:
        conn.execute("SET LOCAL lock_timeout = '10s'")
        before = _user_tables(conn)
        columns_before = _user_columns(conn, list(before))
        conn.execute("SAVEPOINT trial")
        for mid in chosen:
            try:
                conn.execute((folder / f"{mid}.rollback.sql").read_text())
            except psycopg.Error as exc:
                message = exc.diag.message_primary or str(exc)
                raise MigrationError(
                    f"migration {mid} cannot be rolled back: {first_line(message)}"
                    " (nothing was changed)"
                ) from None
        after = _user_tables(conn)
        columns_after = _user_columns(conn, [oid for oid in before if oid in after])
        conn.execute("ROLLBACK TO SAVEPOINT trial")
        gone = [oid for oid in before if oid not in after and before[oid] not in DERIVED_TABLES]
        tables = sorted(
            (DroppedTable(before[oid], _count(conn, before[oid])) for oid in gone),
            key=lambda t: t.name,
        )
        lost = sorted(
            (oid, name)
            for oid, name in columns_before
            if oid in after and (oid, name) not in columns_after
        )
        dropped_columns = [
            DroppedColumn(before[oid], name, _count(conn, before[oid])) for oid, name in lost
        ]
        conn.rollback()
    return RollbackPlan(list(chosen), tables, dropped_columns)


def _check_rollback_options(steps: int | None, to: str | None, everything: bool) -> None:
    if sum(x is not None and x is not False for x in (steps, to, everything or None)) != 1:
        raise MigrationError("choose exactly one of --steps, --to and --all")
    if steps is not None and (isinstance(steps, bool) or not isinstance(steps, int)):
        raise MigrationError(f"--steps must be a whole number, not {steps!r}")
    if steps is not None and steps < 1:
        raise MigrationError("--steps must be at least 1")


def _planned(
    url: str, lock: psycopg.Connection[Any], steps: int | None, to: str | None, everything: bool
) -> tuple[Any, list[Any], RollbackPlan]:
    """Inside the migration lock: the yoyo backend, the migrations to undo and their plan."""
    check_known(lock)
    refuse_read_only(lock)
    backend = _backend(url)
    newest_first = list(backend.to_rollback(_read_migrations()))
    chosen = _choose([m.id for m in newest_first], steps=steps, to=to, everything=everything)
    return backend, [m for m in newest_first if m.id in set(chosen)], _trial(url, chosen)


def plan_rollback(
    url: str, *, steps: int | None = None, to: str | None = None, everything: bool = False
) -> RollbackPlan:
    """What `rollback` with the same options would undo and drop (a dry run: nothing changes)."""
    _check_rollback_options(steps, to, everything)
    with migration_lock(url) as lock, translated():
        return _planned(url, lock, steps, to, everything)[2]


def rollback(
    url: str,
    *,
    steps: int | None = None,
    to: str | None = None,
    everything: bool = False,
    confirm: Callable[[RollbackPlan], bool] | None = None,
) -> list[str]:
    """Roll back the newest `steps` migrations, or those after `to`, or all of them; returns
    the ids rolled back, newest first.

    Guarded: `steps` may not exceed what is applied nor reach the first migration (that needs
    `everything`). A rollback of everything, or one that drops tables or columns holding rows,
    runs only when `confirm(plan)` returns True (None: refused with ConfirmationRequired); the
    plan lists what would be dropped. `plan_rollback` is the dry run."""
    _check_rollback_options(steps, to, everything)
    with migration_lock(url) as lock, translated():
        backend, chosen, plan = _planned(url, lock, steps, to, everything)
        if (everything or plan.destroys_rows) and (confirm is None or not confirm(plan)):
            raise ConfirmationRequired(_refusal(plan, everything))
        done: list[str] = []
        for migration in chosen:
            try:
                backend.rollback_one(migration)
            except Exception as exc:
                raise _wrap("roll back", migration.id, exc) from None
            done.append(migration.id)
        return done


def _refusal(plan: RollbackPlan, everything: bool) -> str:
    holding = [t for t in plan.dropped_tables if t.rows]
    rows = sum(t.rows for t in holding)
    what = (
        f"drop {len(plan.dropped_tables)} table(s), {len(holding)} of them holding {rows:,} row(s)"
    )
    if plan.dropped_columns:
        what += f", and {len(plan.dropped_columns)} column(s)"
    scope = "rolling back every migration" if everything else "this rollback"
    return (
        f"refused: {scope} would {what}; nothing was changed. Confirm on a terminal or pass --yes"
    )
