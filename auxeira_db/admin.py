"""The platform's privileged operations, for a service that logs in as a member of auxeira_admin.

A tenant (the application role) can create none of these facts itself: accounts, user types,
subscription states and company verification decide what a user may see, so they change only
through these SECURITY DEFINER functions, each audited in `auxeira.audit_log`
(docs/SECURITY.md). Give the sign-up or back-office service its own login:

    CREATE ROLE signup LOGIN PASSWORD '...' IN ROLE auxeira_admin;
"""

from __future__ import annotations

import uuid
from typing import Any

import psycopg

from auxeira_db.db import translated


def _call(conn: psycopg.Connection[Any], query: str, params: tuple[Any, ...]) -> Any:
    """One admin function in a savepoint, failures through the one error path: a refused
    value is DataError, a caller without auxeira_admin gets PermissionDenied."""
    with translated(), conn.transaction():
        row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def create_user(
    conn: psycopg.Connection[Any], email: str, user_type: str, company_name: str | None = None
) -> uuid.UUID:
    """Create a platform account (sign-up) and return its id."""
    new_id = _call(
        conn, "SELECT auxeira.admin_create_user(%s, %s, %s)", (email, user_type, company_name)
    )
    return uuid.UUID(str(new_id))


def set_email(conn: psycopg.Connection[Any], user_id: uuid.UUID, email: str) -> None:
    """Change a user's sign-in e-mail, once the service has verified the new address."""
    _call(conn, "SELECT auxeira.admin_set_email(%s, %s)", (user_id, email))


def set_user_type(conn: psycopg.Connection[Any], user_id: uuid.UUID, user_type: str) -> None:
    """Change which dashboard (and which shared data) a user reaches."""
    _call(conn, "SELECT auxeira.admin_set_user_type(%s, %s)", (user_id, user_type))


def set_subscription(
    conn: psycopg.Connection[Any], user_id: uuid.UUID, tier: str, status: str
) -> None:
    """Set a user's subscription tier and status by hand (support, corrections)."""
    _call(conn, "SELECT auxeira.admin_set_subscription(%s, %s, %s)", (user_id, tier, status))


def set_company_verified(
    conn: psycopg.Connection[Any], company_id: uuid.UUID, verified: bool = True
) -> None:
    """Mark a company verified (it then counts in the published aggregates) or not."""
    _call(conn, "SELECT auxeira.admin_set_company_verified(%s, %s)", (company_id, verified))
