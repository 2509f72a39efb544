"""Connection pools on psycopg_pool, directly or behind PgBouncer.

    with auxeira_db.pool(url, role="auxeira_app") as p, p.connection() as conn:
        with auxeira_db.tenant(conn, user_id):
            ...

The tenant setting is transaction-local, so no connection carries a tenant back into the
pool; `reset` also clears any session-level setting a borrower made (`RESET ALL`) and restores
the pool's role, so nothing one borrower set reaches the next.

Behind a transaction-mode pooler (PgBouncer's `pool_mode = transaction`; Debian 12 ships
1.18, which does not support protocol-level prepared statements there) psycopg's automatic
preparation after five executions must be off: each transaction may run on another server
connection, where the prepared statement does not exist. `pooler="auto"` (the default)
opens one probe connection to detect a pooler in between (the server's `port` setting differs
from the port connected to) and then turns preparation off; `"transaction"` says so
explicitly, `"none"` and `"session"` keep preparation. Session state (SET ROLE, LISTEN)
means nothing in transaction mode: `role=` is refused there (log PgBouncer in as a role
that is a member of auxeira_app instead) and `realtime.listen()` refuses such connections.
"""

from __future__ import annotations

import weakref
from typing import Any, Literal

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from auxeira_db.config import validate_url
from auxeira_db.db import CONNECT_TIMEOUT_S, connect, require_server_version
from auxeira_db.errors import ConfigurationError

Pooler = Literal["auto", "none", "session", "transaction"]
POOLERS: tuple[str, ...] = ("auto", "none", "session", "transaction")

# Connections known to go through a transaction-mode pooler (marked by pool() or by hand).
_TRANSACTION_MODE: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()


def behind_pooler(conn: psycopg.Connection[Any]) -> bool:
    """Whether something listens between the client and the server: the server's own `port`
    setting differs from the port the client connected to (PgBouncer on 6432 in front of
    5432, say). A port-forwarding proxy counts too; that only costs prepared statements."""
    row = conn.execute("SELECT pg_catalog.current_setting('port')").fetchone()
    if not conn.autocommit:
        conn.rollback()
    return row is not None and str(row[0]) != str(conn.info.port)


def mark_transaction_mode(conn: psycopg.Connection[Any]) -> None:
    """Record that `conn` goes through a transaction-mode pooler; turn preparation off."""
    conn.prepare_threshold = None
    _TRANSACTION_MODE.add(conn)


def in_transaction_mode(conn: psycopg.Connection[Any]) -> bool:
    return conn in _TRANSACTION_MODE


def require_session(conn: psycopg.Connection[Any], what: str) -> None:
    """Refuse a connection whose session does not last (a transaction-mode pooler's)."""
    if in_transaction_mode(conn) or (conn.prepare_threshold is None and behind_pooler(conn)):
        raise ConfigurationError(
            f"{what} needs a session-mode connection: this one goes through a transaction-mode"
            " pooler (PgBouncer pool_mode = transaction), where the session ends with each"
            " transaction; connect to the server directly or through a session-mode pool"
        )


def pool(
    url: str,
    *,
    min_size: int = 1,
    max_size: int = 10,
    role: str | None = None,
    pooler: Pooler = "auto",
    timeout: float = 30.0,
    name: str | None = None,
    open: bool = True,
    **connect_kwargs: Any,
) -> ConnectionPool[psycopg.Connection[Any]]:
    """A psycopg_pool.ConnectionPool for `url` (opened unless `open=False`; use it as a
    context manager or close it). `role` is SET on each connection (e.g. "auxeira_app" when
    the login is a superuser or a member); see the module's text for `pooler`."""
    validate_url(url)
    if pooler not in POOLERS:
        raise ConfigurationError(f"pooler must be one of {', '.join(POOLERS)}, not {pooler!r}")
    connect_kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    if pooler == "auto":
        # One probe connection decides whether a pooler sits between us and the server.
        with connect(url, **connect_kwargs) as probe:
            pooler = "transaction" if behind_pooler(probe) else "none"
    transaction_mode = pooler == "transaction"
    if transaction_mode:
        connect_kwargs["prepare_threshold"] = None
        if role is not None:
            raise ConfigurationError(
                "role= needs a session; through a transaction-mode pooler, log the pooler in"
                " as a role that is a member of the one wanted"
            )

    def configure(conn: psycopg.Connection[Any]) -> None:
        require_server_version(conn)
        if transaction_mode:
            mark_transaction_mode(conn)
        _reset(conn)

    def _reset(conn: psycopg.Connection[Any]) -> None:
        if in_transaction_mode(conn):
            return  # session state is the pooler's; the tenant is transaction-local anyway
        conn.execute("RESET ALL")
        if role is None:
            conn.execute("RESET ROLE")
        else:
            conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        if not conn.autocommit:
            conn.commit()

    return ConnectionPool(
        url,
        min_size=min_size,
        max_size=max_size,
        kwargs=connect_kwargs,
        configure=configure,
        reset=_reset,
        timeout=timeout,
        name=name,
        open=open,
    )
