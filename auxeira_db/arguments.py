"""Python-type checks at the package's API boundary.

Only types are checked here (a uuid is a uuid, a date a date, an int an int): ranges,
enumerations and business rules are checked once, in SQL, and reach Python through the one
error path (auxeira_db.db.translate_error). Each failure is an InvalidArgument naming the
argument, instead of whatever AttributeError or driver error the wrong type would cause later.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg

from auxeira_db.errors import ConnectionFailed, InvalidArgument


def _got(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]


def require_connection(conn: Any, name: str = "conn") -> psycopg.Connection[Any]:
    """An open psycopg connection, else InvalidArgument (wrong type) or ConnectionFailed."""
    if not isinstance(conn, psycopg.Connection):
        raise InvalidArgument(f"{name} must be a psycopg Connection, not {_got(conn)}")
    if conn.closed:
        raise ConnectionFailed(f"{name} is closed: open a new connection")
    return conn


def require_uuid(value: Any, name: str) -> uuid.UUID:
    """A uuid.UUID, or a str holding one."""
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise InvalidArgument(f"{name} must be a UUID, not {_got(value)}")


def optional_uuid(value: Any, name: str) -> uuid.UUID | None:
    return None if value is None else require_uuid(value, name)


def require_date(value: Any, name: str) -> date:
    """A datetime.date (a datetime is refused: its time and zone would be silently dropped)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise InvalidArgument(f"{name} must be a datetime.date, not {_got(value)}")


def optional_date(value: Any, name: str) -> date | None:
    return None if value is None else require_date(value, name)


def require_int(value: Any, name: str) -> int:
    """An int (bool is refused although Python counts it as one)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidArgument(f"{name} must be an int, not {_got(value)}")


def optional_int(value: Any, name: str) -> int | None:
    return None if value is None else require_int(value, name)


def require_str(value: Any, name: str) -> str:
    if isinstance(value, str):
        return value
    raise InvalidArgument(f"{name} must be a str, not {_got(value)}")


def optional_str(value: Any, name: str) -> str | None:
    return None if value is None else require_str(value, name)


def require_number(value: Any, name: str) -> Decimal:
    """A Decimal, int or finite float, as a Decimal."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise InvalidArgument(f"{name} must be a number (Decimal, int or float), not {_got(value)}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise InvalidArgument(f"{name} must be a finite number, not {value!r}")
    return number
