"""Typed read and write functions of the six dashboards.

Each module wraps the views and functions of schema auxeira_dash for one dashboard.
Reads must run inside `auxeira_db.tenant(conn, user_id)`: the SQL filters by the
current tenant and returns nothing without one. Writes validate in SQL and raise
`auxeira_db.DataError` with the database's message when a value is refused.

The shape of every endpoint (docs/ARCHITECTURE.md): one statement calling one SQL function or
view with named parameters (`company_id => %(company_id)s`), its rows mapped onto a dataclass.
Paging, defaults and validation are the SQL's; errors take the one error path
(`auxeira_db.db.translated`). An endpoint that returns several lists is one SQL function
returning one row of jsonb lists (sql/api/), read with `fetch_report` and mapped with
`rows_as` / `row_as`.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

import psycopg
from psycopg.rows import class_row, dict_row
from psycopg.types.json import set_json_loads

from auxeira_db.arguments import require_connection
from auxeira_db.db import translated

T = TypeVar("T")
Params = Sequence[Any] | Mapping[str, Any]

# The six dashboards, as named in the outbox channels (auxeira_<dashboard>), `auxeira-db
# refresh --only` and `auxeira-db show`.
DASHBOARDS = ("startup", "vc", "angel", "esg", "government", "corporate")


def fetch_all(
    conn: psycopg.Connection[Any], cls: type[T], query: str, params: Params = ()
) -> list[T]:
    """Run a read and map each row onto the dataclass `cls` (columns match fields)."""
    require_connection(conn)
    with translated(), conn.cursor(row_factory=class_row(cls)) as cur:
        return cur.execute(query, params).fetchall()


def fetch_one(
    conn: psycopg.Connection[Any], cls: type[T], query: str, params: Params = ()
) -> T | None:
    rows = fetch_all(conn, cls, query, params)
    return rows[0] if rows else None


def fetch_report(conn: psycopg.Connection[Any], query: str, params: Params = ()) -> dict[str, Any]:
    """Run a read that returns one row (the sql/api/ report functions) as a dict; jsonb values
    are decoded with numbers as Decimal (exact, as in the database) and integers as int."""
    require_connection(conn)
    with translated(), conn.cursor(row_factory=dict_row) as cur:
        set_json_loads(partial(json.loads, parse_float=Decimal), cur)
        row = cur.execute(query, params).fetchone()
    if row is None:
        raise AssertionError(f"report returned no row: {query}")
    return row


def call_write(conn: psycopg.Connection[Any], cls: type[T], query: str, params: Params = ()) -> T:
    """Run a write function in a savepoint; nothing is written when it fails, and the failure
    reaches the caller through the one error path (auxeira_db.errors): a refused value as
    DataError, an authorization refusal (SQLSTATE 42501) as PermissionDenied."""
    require_connection(conn)
    with translated(), conn.transaction(), conn.cursor(row_factory=class_row(cls)) as cur:
        row = cur.execute(query, params).fetchone()
    if row is None:
        raise AssertionError(f"write returned no row: {query}")
    return row


_FIELD_TYPES: dict[type[Any], dict[str, Any]] = {}


def _field_types(cls: type[Any]) -> dict[str, Any]:
    """The resolved field types of a dataclass (its annotations are strings), once per class."""
    kinds = _FIELD_TYPES.get(cls)
    if kinds is None:
        kinds = _FIELD_TYPES[cls] = typing.get_type_hints(cls)
    return kinds


def _convert(kind: Any, value: Any) -> Any:
    """A value decoded from jsonb as the Python type a dataclass field declares."""
    if value is None:
        return None
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if kind is Decimal:
        return value if isinstance(value, Decimal) else Decimal(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is bytes:
        return bytes.fromhex(value.removeprefix("\\x"))
    return value


def row_as(cls: type[T], value: Mapping[str, Any] | None) -> T | None:
    """One jsonb object (a row turned into jsonb by the SQL) as the dataclass `cls`."""
    if value is None:
        return None
    kinds = _field_types(cls)
    fields = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{name: _convert(kinds[name], value.get(name)) for name in fields})


def rows_as(cls: type[T], values: Sequence[Mapping[str, Any]] | None) -> list[T]:
    """A jsonb array of rows as a list of the dataclass `cls`."""
    return [row for row in (row_as(cls, v) for v in values or ()) if row is not None]
