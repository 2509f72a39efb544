"""Connections: resolve the target, connect, and turn driver errors into typed ones.

`translate_error` is the package's one error path: every psycopg error that reaches the CLI
or the Python API becomes one of the classes of auxeira_db.errors (the table is there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from auxeira_db import embedded
from auxeira_db.config import DatabaseTarget, configured_url, first_line, validate_url
from auxeira_db.errors import (
    AuxeiraError,
    ConnectionFailed,
    DatabaseError,
    DataError,
    InvalidArgument,
    NotMigrated,
    PermissionDenied,
    ReadOnlyDatabase,
    ServerTooOld,
)

MIN_SERVER_VERSION = 150000  # PostgreSQL 15: security_invoker views, MERGE, NULLS NOT DISTINCT
CONNECT_TIMEOUT_S = 10
# SQLSTATEs meaning that an object the package creates is missing: the schema is not migrated.
NOT_MIGRATED_STATES = frozenset({"3F000", "42P01", "42883"})


def resolve(explicit_url: str | None = None, data_dir: Path | None = None) -> DatabaseTarget:
    """The configured database, or the embedded server (started on demand)."""
    target = configured_url(explicit_url)
    if target is not None:
        return target
    return DatabaseTarget(embedded.start(data_dir), "embedded")


def connect(url: str, *, autocommit: bool = False, **kwargs: Any) -> psycopg.Connection[Any]:
    """Open a connection, failing with one clear line and checking the server version.

    An empty URL is refused: libpq would read it as "the default database of the environment",
    which is never what a caller who passed a variable that happened to be empty meant."""
    if not isinstance(url, str):
        raise InvalidArgument(f"url must be a PostgreSQL URL string, not {type(url).__name__}")
    if not url.strip():
        raise InvalidArgument("url is empty: pass a PostgreSQL URL such as postgresql://host/db")
    validate_url(url)
    kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    try:
        conn = psycopg.connect(url, autocommit=autocommit, **kwargs)
    except psycopg.OperationalError as exc:
        raise ConnectionFailed(f"cannot connect to the database: {first_line(str(exc))}") from None
    except psycopg.ProgrammingError as exc:
        raise ConnectionFailed(f"invalid connection settings: {first_line(str(exc))}") from None
    try:
        require_server_version(conn)
    except ServerTooOld:
        conn.close()
        raise
    return conn


def require_server_version(conn: psycopg.Connection[Any]) -> None:
    """Refuse a server older than the package supports (every way of connecting asks this)."""
    if conn.info.server_version < MIN_SERVER_VERSION:
        version = conn.info.parameter_status("server_version") or str(conn.info.server_version)
        raise ServerTooOld(f"PostgreSQL {version} is not supported: auxeira-db needs 15 or later")


@contextmanager
def connection(url: str, *, autocommit: bool = False) -> Iterator[psycopg.Connection[Any]]:
    """`connect()` as a context manager that always closes."""
    conn = connect(url, autocommit=autocommit)
    try:
        yield conn
    finally:
        conn.close()


def translate_error(exc: psycopg.Error) -> AuxeiraError:
    """Any psycopg error as the package's typed error, chosen by SQLSTATE class.

    See auxeira_db.errors for the table. The message is the server's first line (plus its
    detail for errors raised by SQL code), never a query text or a traceback."""
    diag = exc.diag
    state = exc.sqlstate or ""
    message = first_line(diag.message_primary or str(exc) or type(exc).__name__)
    if state.startswith("08") or (
        not state and isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)
    ):
        return ConnectionFailed(f"the database connection failed: {message}")
    if state == "25006":
        return ReadOnlyDatabase(
            f"the database is read-only (a replica, or default_transaction_read_only): {message}",
            state,
        )
    if state == "42501":
        return PermissionDenied(f"permission denied: {message}", state)
    if state in NOT_MIGRATED_STATES:
        return NotMigrated(f"the database is not migrated ({message}): run `auxeira-db migrate`")
    if state.startswith(("22", "23", "P0")):
        if diag.message_detail and isinstance(exc, pg_errors.RaiseException):
            message = f"{message} ({first_line(diag.message_detail)})"
        return DataError(message, constraint=diag.constraint_name)
    return DatabaseError(message, state or None)


def translate(exc: psycopg.Error) -> AuxeiraError:
    """The former name of translate_error, kept for its callers."""
    return translate_error(exc)


@contextmanager
def translated() -> Iterator[None]:
    """Run the block, re-raising any psycopg error as the package's typed error."""
    try:
        yield
    except psycopg.Error as exc:
        raise translate_error(exc) from None
