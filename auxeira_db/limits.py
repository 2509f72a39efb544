"""Limits per role (migration 0025) and transport security, as `doctor` reports them.

PostgreSQL applies a role's settings (ALTER ROLE ... SET) and its connection limit only to
sessions that log in as that role: a service logging in as its own role, a member of
auxeira_app, needs the same settings on that login (see docs/SCALING.md). So doctor shows the
package roles' configured limits and the current session's effective ones.
"""

from __future__ import annotations

from typing import Any

import psycopg

from auxeira_db.maintenance import Check

LIMITED_ROLES = ("auxeira_app", "auxeira_readonly", "auxeira_analyst")
SETTINGS = ("statement_timeout", "idle_in_transaction_session_timeout")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})


def role_limits(conn: psycopg.Connection[Any]) -> dict[str, dict[str, str | int | None]]:
    """Per package role: its configured settings (server-wide, not per database) and
    connection limit (None: unlimited)."""
    rows = conn.execute(
        """
        SELECT r.rolname, r.rolconnlimit,
               (SELECT array_agg(c) FROM pg_catalog.pg_db_role_setting AS s,
                       unnest(s.setconfig) AS c
                WHERE s.setrole = r.oid AND s.setdatabase = 0)
        FROM pg_catalog.pg_roles AS r WHERE r.rolname = ANY(%s) ORDER BY 1
        """,
        (list(LIMITED_ROLES),),
    ).fetchall()
    limits: dict[str, dict[str, str | int | None]] = {}
    for name, connlimit, config in rows:
        values = dict(item.split("=", 1) for item in (config or []))
        limits[str(name)] = {
            **{s: values.get(s) for s in SETTINGS},
            "connection_limit": None if connlimit == -1 else int(connlimit),
        }
    return limits


def limit_checks(conn: psycopg.Connection[Any]) -> list[Check]:
    """doctor's lines: the package roles' limits, this session's, and TLS."""
    checks: list[Check] = []
    limits = role_limits(conn)
    unset = [
        name
        for name, values in limits.items()
        if values["statement_timeout"] is None or values["connection_limit"] is None
    ]
    detail = "; ".join(
        f"{name}: statement_timeout {v['statement_timeout'] or 'none'}, idle in transaction "
        f"{v['idle_in_transaction_session_timeout'] or 'none'}, connections "
        f"{v['connection_limit'] if v['connection_limit'] is not None else 'unlimited'}"
        for name, v in limits.items()
    )
    checks.append(
        Check(
            "role limits",
            True,
            (
                f"not set on {', '.join(unset)} (migration 0025 or a role administrator): "
                if unset
                else ""
            )
            + detail,
            warning=bool(unset),
        )
    )
    row = conn.execute(
        "SELECT current_user, current_setting('statement_timeout'),"
        " current_setting('idle_in_transaction_session_timeout'),"
        " (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user),"
        " pg_has_role(current_user, 'auxeira_app', 'MEMBER')"
    ).fetchone()
    assert row is not None
    user, timeout, idle, superuser, app_member = row
    unlimited_service = bool(app_member) and not superuser and timeout == "0"
    checks.append(
        Check(
            "session limits",
            True,
            f"{user}: statement_timeout {timeout}, idle in transaction {idle}"
            + (
                " (a service login without a statement timeout: give it auxeira_app's, see"
                " docs/SCALING.md)"
                if unlimited_service
                else ""
            ),
            warning=unlimited_service,
        )
    )
    checks.append(tls_check(conn))
    return checks


def tls_check(conn: psycopg.Connection[Any]) -> Check:
    """Whether the connection is encrypted; a non-local server reached without TLS warns."""
    row = conn.execute(
        "SELECT ssl, version, cipher FROM pg_catalog.pg_stat_ssl WHERE pid = pg_backend_pid()"
    ).fetchone()
    host = conn.info.host or ""
    local = host in LOCAL_HOSTS or host.startswith("/")
    if row and row[0]:
        return Check("tls", True, f"{row[1]} ({row[2]})")
    if local:
        return Check("tls", True, f"not used (local server {host or 'socket'})")
    return Check(
        "tls",
        True,
        f"not used to reach {host}: add sslmode=require (or verify-full) to the URL",
        warning=True,
    )
