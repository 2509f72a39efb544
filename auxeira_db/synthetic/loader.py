"""Loading generated COPY text into PostgreSQL: one transaction for the whole run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

import psycopg
from psycopg import sql

from auxeira_db.synthetic.generator import Table


class Progress(Protocol):
    """Told about each table as it loads (the CLI draws a rich progress bar per table)."""

    def start(self, table: str, estimate: int) -> None: ...

    def advance(self, table: str, rows: int) -> None: ...

    def finish(self, table: str, rows: int) -> None: ...


def act_as_owner(conn: psycopg.Connection[Any]) -> None:
    """Inside a transaction: become auxeira_owner when the login may (row-level security is
    forced, and the owner's maintenance policy is the one that lets a loader write every
    tenant's rows). Superusers bypass row-level security and stay as they are."""
    row = conn.execute(
        "SELECT rolsuper, pg_has_role(current_user, 'auxeira_owner', 'MEMBER') "
        "FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    if row and not row[0] and row[1]:
        conn.execute("SET LOCAL ROLE auxeira_owner")


def copy_table(
    cur: psycopg.Cursor[Any],
    table: str,
    columns: Iterable[str],
    chunks: Iterable[tuple[str | bytes, int]],
    progress: Progress | None = None,
) -> int:
    """COPY preformatted text chunks into auxeira.<table>; returns the rows written."""
    statement = sql.SQL("COPY auxeira.{} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    written = 0
    with cur.copy(statement) as copy:
        for data, rows in chunks:
            copy.write(data)
            written += rows
            if progress is not None:
                progress.advance(table, rows)
    return written


def load(
    conn: psycopg.Connection[Any],
    tables: list[Table],
    progress: Progress | None = None,
    finish: Callable[[psycopg.Connection[Any]], None] | None = None,
) -> dict[str, int]:
    """Every table in order inside one transaction: an interruption leaves nothing behind.
    `finish` runs last in the same transaction (the seed computes its stored figures there,
    so rows and figures commit together or not at all)."""
    counts: dict[str, int] = {}
    with conn.transaction(), conn.cursor() as cur:
        act_as_owner(conn)
        # One NOTIFY per copied row would flood the dashboards' channels: stay silent.
        conn.execute("SELECT pg_catalog.set_config('auxeira.suppress_notify', 'on', true)")
        # The kept investment figures (0016) are computed once, by `finish`, not per COPY.
        conn.execute("SELECT pg_catalog.set_config('auxeira.defer_figures', 'on', true)")
        for table in tables:
            if progress is not None:
                progress.start(table.name, table.estimate)
            for statement in table.before:
                cur.execute(statement)
            written = copy_table(cur, table.name, table.columns, table.chunks(), progress)
            for statement in table.after:
                cur.execute(statement)
            # a table may be loaded in more than one COPY (auction_bids: live, then history)
            counts[table.name] = counts.get(table.name, 0) + written
            if progress is not None:
                progress.finish(table.name, written)
        if finish is not None:
            finish(conn)
        conn.execute("SELECT pg_catalog.set_config('auxeira.defer_figures', 'off', true)")
    return counts
