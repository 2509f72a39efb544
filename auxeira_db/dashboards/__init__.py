"""Typed read and write functions of the six dashboards.

Each module wraps the views and functions of schema auxeira_dash for one dashboard.
Reads must run inside `auxeira_db.tenant(conn, user_id)`: the SQL filters by the
current tenant and returns nothing without one. Writes validate in SQL and raise
`auxeira_db.DataError` with the database's message when a value is refused.

The shape of every endpoint (docs/ARCHITECTURE.md): one statement calling one SQL function or
view with named parameters (`company_id => %(company_id)s`), its rows mapped onto a dataclass.
Paging, defaults and validation are the SQL's; errors take the one error path
(`auxeira_db.db.translated`). An endpoint that returns several lists is one SQL function
returning one row of JSON lists (sql/api/), read with `fetch_report` and mapped with
`rows_as` / `row_as`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, ParamSpec, TypeVar

import psycopg
from psycopg.rows import class_row, dict_row
from psycopg.types.json import set_json_loads

from auxeira_db.arguments import require_connection
from auxeira_db.db import translated

T = TypeVar("T")
P = ParamSpec("P")
Params = Sequence[Any] | Mapping[str, Any]

# The six dashboards, as named in the outbox channels (auxeira_<dashboard>), `auxeira-db
# refresh --only` and `auxeira-db show`.
DASHBOARDS = ("startup", "vc", "angel", "esg", "government", "corporate")


def deprecated_alias(func: Callable[P, T], old_name: str) -> Callable[P, T]:
    """`func` under its former name, for one release: the same call, plus a DeprecationWarning
    that names the replacement (0017 renamed the writes to one verb, `record`)."""

    @functools.wraps(func)
    def alias(*args: P.args, **kwargs: P.kwargs) -> T:
        warnings.warn(
            f"{func.__module__}.{old_name} is deprecated and will be removed in the next "
            f"release: use {func.__module__}.{func.__name__}",
            DeprecationWarning,
            stacklevel=2,
        )
        return func(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = old_name
    alias.__doc__ = f"Deprecated alias of `{func.__name__}` (removed in the next release)."
    return alias


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
    """Run a read that returns one row (the sql/api/ report functions) as a dict; JSON values
    are decoded with numbers as Decimal (exact, as in the database) and integers as int."""
    require_connection(conn)
    with translated(), conn.cursor(row_factory=dict_row) as cur:
        loads = partial(json.loads, parse_float=Decimal)
        set_json_loads(loads, cur)
        row = cur.execute(query, params).fetchone()
    if row is None:
        raise AssertionError(f"report returned no row: {query}")
    return row


class Page(list[T]):
    """One page of a keyset-paged list (0026): its rows, in the SQL's order (a list, so that a
    caller of the former whole-list functions keeps working), and `next_after`, the cursor of
    the next page (the ordering values and id of this page's last row; None after the last
    page). Pass it back as `after` to get the next page."""

    next_after: tuple[Any, ...] | None

    def __init__(self, rows: Iterable[T] = (), next_after: tuple[Any, ...] | None = None) -> None:
        super().__init__(rows)
        self.next_after = next_after


def fetch_page(
    conn: psycopg.Connection[Any],
    cls: type[T],
    query: str,
    params: Mapping[str, Any],
    rows: str,
    cursor: Sequence[str],
) -> Page[T]:
    """Run a *_page function of sql/api/ (one row: the JSON list `rows` and the next_* cursor
    columns `cursor`, the id last: NULL after the last page) as a Page of `cls`."""
    report = fetch_report(conn, query, params)
    after = tuple(report[name] for name in cursor)
    return Page(rows_as(cls, report[rows]), after if after[-1] is not None else None)


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


Converter = Callable[[Any], Any]


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


# How a JSON value becomes the Python type a dataclass field declares (others are kept as is).
_CONVERTERS: dict[Any, Converter] = {
    Decimal: _decimal,
    float: float,  # JSON numbers arrive as Decimal; a double precision column is a float
    uuid.UUID: uuid.UUID,
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    bytes: lambda value: bytes.fromhex(value.removeprefix("\\x")),
}
_ROW_CONVERTERS: dict[type[Any], list[tuple[str, Converter | None]]] = {}


def _converter(kind: Any) -> Converter | None:
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        kind = options[0] if len(options) == 1 else None
    return _CONVERTERS.get(kind)


def _row_converters(cls: type[Any]) -> list[tuple[str, Converter | None]]:
    """Per field of the dataclass: its name and the converter of its type, worked out once."""
    found = _ROW_CONVERTERS.get(cls)
    if found is None:
        kinds = typing.get_type_hints(cls)
        found = [(f.name, _converter(kinds[f.name])) for f in dataclasses.fields(cls)]
        _ROW_CONVERTERS[cls] = found
    return found


def row_as(cls: type[T], value: Mapping[str, Any] | None) -> T | None:
    """One JSON object (a row turned into JSON by the SQL) as the dataclass `cls`."""
    if value is None:
        return None
    values: dict[str, Any] = {}
    for name, convert in _row_converters(cls):
        item = value.get(name)
        values[name] = convert(item) if convert is not None and item is not None else item
    return cls(**values)


def rows_as(cls: type[T], values: Sequence[Mapping[str, Any]] | None) -> list[T]:
    """A JSON array of rows as a list of the dataclass `cls`."""
    return [row for row in (row_as(cls, v) for v in values or ()) if row is not None]
