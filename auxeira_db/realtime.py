"""Live dashboard changes through PostgreSQL LISTEN/NOTIFY.

Writes that change a dashboard fire `auxeira.notify_dashboard()`, which sends a small
JSON payload on channel `auxeira_<dashboard>` when the transaction commits. LISTEN
needs a session of its own: not through PgBouncer in transaction mode.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from auxeira_db.errors import ConfigurationError

DASHBOARDS = ("startup", "vc", "angel", "esg", "government", "corporate")


@dataclass(frozen=True)
class DashboardEvent:
    """One change: which dashboard, whose data, which table and row, and the operation."""

    dashboard: str
    user_id: uuid.UUID | None
    entity: str
    id: str | None
    op: str  # insert, update or delete


def channel(dashboard: str) -> str:
    if dashboard not in DASHBOARDS:
        raise ConfigurationError(f"unknown dashboard {dashboard!r}: one of {', '.join(DASHBOARDS)}")
    return f"auxeira_{dashboard}"


def parse(payload: str) -> DashboardEvent:
    data = json.loads(payload)
    user = data.get("user_id")
    return DashboardEvent(
        dashboard=str(data["dashboard"]),
        user_id=uuid.UUID(user) if user else None,
        entity=str(data["entity"]),
        id=data.get("id"),
        op=str(data["op"]),
    )


def listen(
    conn: psycopg.Connection[Any],
    dashboards: Iterable[str] = DASHBOARDS,
    *,
    timeout: float | None = None,
    user_id: uuid.UUID | None = None,
) -> Iterator[DashboardEvent]:
    """Yield events of the given dashboards (optionally one user's) as they are committed.

    `conn` must be in autocommit mode. With `timeout`, stop after that many seconds without
    an event; without, run until the caller stops iterating.
    """
    if not conn.autocommit:
        raise ConfigurationError("listen() needs an autocommit connection")
    for name in dashboards:
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel(name))))
    while True:
        got_one = False
        for note in conn.notifies(timeout=timeout, stop_after=1):
            got_one = True
            event = parse(note.payload)
            if user_id is None or event.user_id == user_id:
                yield event
        if timeout is not None and not got_one:
            return
