"""Tenant context: which user the current transaction acts for.

Row-level security policies compare rows with `auxeira.current_user_id()`, which
reads the transaction-local setting `auxeira.user_id` (and, failing that, the
`sub` claim of PostgREST's `request.jwt.claims`). Unset means no rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from auxeira_db.arguments import require_connection
from auxeira_db.db import translated
from auxeira_db.errors import DataError

USER_SETTING = "auxeira.user_id"


def as_user_id(user_id: uuid.UUID | str) -> uuid.UUID:
    """Parse a user id, raising DataError (not ValueError) for garbage."""
    if isinstance(user_id, uuid.UUID):
        return user_id
    try:
        return uuid.UUID(str(user_id))
    except ValueError:
        raise DataError(f"not a user id (UUID expected): {user_id!r}") from None


@contextmanager
def tenant(
    conn: psycopg.Connection[Any], user_id: uuid.UUID | str
) -> Iterator[psycopg.Connection[Any]]:
    """Run the block in one transaction acting for `user_id`.

    The setting is transaction-local (`set_config(..., true)`), so it ends with the
    transaction and never leaks to the next borrower of a pooled connection.
    """
    require_connection(conn)
    uid = as_user_id(user_id)
    with conn.transaction():
        with translated():
            conn.execute("SELECT pg_catalog.set_config(%s, %s, true)", (USER_SETTING, str(uid)))
        yield conn
