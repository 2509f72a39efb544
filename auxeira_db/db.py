"""Connections: resolve the target, connect, and turn driver errors into typed ones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from auxeira_db import embedded
from auxeira_db.config import DatabaseTarget, configured_url, first_line, validate_url
from auxeira_db.errors import ConnectionFailed, DataError, ServerTooOld

MIN_SERVER_VERSION = 150000  # PostgreSQL 15: security_invoker views, MERGE, NULLS NOT DISTINCT
CONNECT_TIMEOUT_S = 10


def resolve(explicit_url: str | None = None, data_dir: Path | None = None) -> DatabaseTarget:
    """The configured database, or the embedded server (started on demand)."""
    target = configured_url(explicit_url)
    if target is not None:
        return target
    return DatabaseTarget(embedded.start(data_dir), "embedded")


def connect(url: str, *, autocommit: bool = False, **kwargs: Any) -> psycopg.Connection[Any]:
    """Open a connection, failing with one clear line and checking the server version."""
    validate_url(url)
    kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    try:
        conn = psycopg.connect(url, autocommit=autocommit, **kwargs)
    except psycopg.OperationalError as exc:
        raise ConnectionFailed(f"cannot connect to the database: {first_line(str(exc))}") from None
    except psycopg.ProgrammingError as exc:
        raise ConnectionFailed(f"invalid connection settings: {first_line(str(exc))}") from None
    if conn.info.server_version < MIN_SERVER_VERSION:
        version = conn.info.parameter_status("server_version") or str(conn.info.server_version)
        conn.close()
        raise ServerTooOld(f"PostgreSQL {version} is not supported: auxeira-db needs 15 or later")
    return conn


@contextmanager
def connection(url: str, *, autocommit: bool = False) -> Iterator[psycopg.Connection[Any]]:
    """`connect()` as a context manager that always closes."""
    conn = connect(url, autocommit=autocommit)
    try:
        yield conn
    finally:
        conn.close()


def translate(exc: psycopg.Error) -> DataError:
    """A constraint violation or a validation raised in SQL, as a typed DataError."""
    diag = exc.diag
    message = first_line(diag.message_primary or str(exc))
    if diag.message_detail and isinstance(exc, pg_errors.RaiseException):
        message = f"{message} ({first_line(diag.message_detail)})"
    return DataError(message, constraint=diag.constraint_name)
