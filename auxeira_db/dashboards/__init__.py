"""Typed read and write functions of the six dashboards.

Each module wraps the views and functions of schema auxeira_dash for one dashboard.
Reads must run inside `auxeira_db.tenant(conn, user_id)`: the SQL filters by the
current tenant and returns nothing without one. Writes validate in SQL and raise
`auxeira_db.DataError` with the database's message when a value is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import psycopg
from psycopg.rows import class_row

from auxeira_db.arguments import require_connection
from auxeira_db.db import translated

T = TypeVar("T")

# The six dashboards, as named in the outbox channels (auxeira_<dashboard>), `auxeira-db
# refresh --only` and `auxeira-db show`.
DASHBOARDS = ("startup", "vc", "angel", "esg", "government", "corporate")


def fetch_all(
    conn: psycopg.Connection[Any], cls: type[T], query: str, params: Sequence[Any] = ()
) -> list[T]:
    """Run a read and map each row onto the dataclass `cls` (columns match fields)."""
    require_connection(conn)
    with conn.cursor(row_factory=class_row(cls)) as cur:
        return cur.execute(query, params).fetchall()


def fetch_one(
    conn: psycopg.Connection[Any], cls: type[T], query: str, params: Sequence[Any] = ()
) -> T | None:
    rows = fetch_all(conn, cls, query, params)
    return rows[0] if rows else None


def call_write(
    conn: psycopg.Connection[Any], cls: type[T], query: str, params: Sequence[Any] = ()
) -> T:
    """Run a write function in a savepoint; nothing is written when it fails, and the failure
    reaches the caller through the one error path (auxeira_db.errors): a refused value as
    DataError, an authorization refusal (SQLSTATE 42501) as PermissionDenied."""
    require_connection(conn)
    with translated(), conn.transaction(), conn.cursor(row_factory=class_row(cls)) as cur:
        row = cur.execute(query, params).fetchone()
    if row is None:
        raise AssertionError(f"write returned no row: {query}")
    return row
