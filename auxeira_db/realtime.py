"""Live dashboard changes: a transactional outbox, NOTIFY as a hint, a re-read as the tenant.

How it works (migration 0009):

1. A write that changes a dashboard fires `auxeira.notify_dashboard()` (or
   `auxeira.notify_investment_dashboard()` for cash flows and marks). That trigger function
   runs as the owner (SECURITY DEFINER; services cannot write the outbox) and inserts one row
   into `auxeira.outbox` per user the change concerns: user, dashboard, table, row id, op.
2. It then sends `NOTIFY auxeira_<dashboard>` whose payload is **only that row's id**, a random
   UUID. Delivered at commit, only if the transaction commits.
3. The consumer (`listen`) receives the id and re-reads the outbox row **as its tenant**, inside
   `auxeira_db.tenant(conn, user_id)`, with an explicit `user_id = current_user_id()` filter on
   top of row-level security. The event it yields comes from that row, never from the payload.

Why: any session can LISTEN on any channel, and channel names and LISTEN statements are visible
in `pg_stat_activity` to every session of the shared role, so secret channel names do not work;
and anyone can `pg_notify()` anything. Here a listener of another tenant learns only that some
event happened on a dashboard at some time (the channel and the arrival), never whose or which;
a forged payload, a foreign id or garbage yields nothing and changes nothing (re-reading is a
SELECT). Payloads are hints, never facts.

Retention: events are hints for live dashboards and are pruned by age with
`auxeira.prune_outbox(keep, max_rows)` (owner only), in Python `prune_outbox(conn, ...)`,
called from the cleanup path. A consumer that was disconnected longer than the retention
should reload its dashboard rather than replay events.

LISTEN needs a session of its own, in autocommit mode: not through PgBouncer in transaction
mode. Notifications that arrive while the re-read runs are kept by psycopg and delivered next.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql

from auxeira_db.dashboards import DASHBOARDS
from auxeira_db.errors import ConfigurationError, DataError
from auxeira_db.pooling import require_session
from auxeira_db.tenancy import as_user_id, tenant


@dataclass(frozen=True)
class DashboardEvent:
    """One change, as re-read from the outbox: which dashboard, whose data, which table and row,
    and the operation. `event_id` (the outbox row) and `created_at` do not take part in
    equality, so two deliveries of the same change compare equal to one expected value."""

    dashboard: str
    user_id: uuid.UUID
    entity: str
    id: str | None
    op: str  # insert, update or delete
    event_id: uuid.UUID | None = field(default=None, compare=False)
    created_at: datetime | None = field(default=None, compare=False)


def channel(dashboard: str) -> str:
    if dashboard not in DASHBOARDS:
        raise ConfigurationError(f"unknown dashboard {dashboard!r}: one of {', '.join(DASHBOARDS)}")
    return f"auxeira_{dashboard}"


def parse(payload: str) -> uuid.UUID | None:
    """The outbox id a NOTIFY payload names, or None for anything else (garbage, JSON, the old
    payload format). Never trusted: the id is only something to look up as the tenant."""
    text = payload.strip()
    if len(text) != 36:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


_FETCH = """
    SELECT o.id, o.dashboard, o.user_id, o.entity, o.entity_id, o.op, o.created_at
    FROM auxeira.outbox AS o
    WHERE o.id = %s AND o.user_id = auxeira.current_user_id()
"""


def fetch(
    conn: psycopg.Connection[Any], event_id: uuid.UUID, user_id: uuid.UUID | str
) -> DashboardEvent | None:
    """Re-read one outbox event as the tenant `user_id`; None when it does not exist, is not
    theirs, or was pruned."""
    with tenant(conn, user_id):
        row = conn.execute(_FETCH, (event_id,)).fetchone()
    if row is None:
        return None
    return DashboardEvent(
        dashboard=str(row[1]),
        user_id=row[2],
        entity=str(row[3]),
        id=row[4],
        op=str(row[5]),
        event_id=row[0],
        created_at=row[6],
    )


def listen(
    conn: psycopg.Connection[Any],
    dashboards: Iterable[str] = DASHBOARDS,
    *,
    user_id: uuid.UUID | str,
    timeout: float | None = None,
) -> Iterator[DashboardEvent]:
    """Yield the events of the given dashboards that concern `user_id`, as they are committed.

    Each notification's payload is only an outbox id; the event is re-read from the outbox as
    `user_id` (auxeira_db.tenant), so another user's event, a forged id or a malformed payload
    yields nothing. `conn` must be in autocommit mode and may act for any tenant (a service
    connection: trusted code). With `timeout`, stop after that many seconds without a
    notification; without, run until the caller stops iterating.
    """
    if not conn.autocommit:
        raise ConfigurationError("listen() needs an autocommit connection")
    require_session(conn, "listen()")
    me = as_user_id(user_id)
    wanted = {name: channel(name) for name in dashboards}
    channels = set(wanted.values())
    for name in wanted.values():
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(name)))
    while True:
        notes = list(conn.notifies(timeout=timeout, stop_after=1))
        if not notes and timeout is not None:
            return
        for note in notes:
            if note.channel not in channels:
                continue
            event_id = parse(note.payload)
            if event_id is None:
                continue
            event = fetch(conn, event_id, me)
            if event is not None and event.dashboard in wanted:
                yield event


def prune_outbox(
    conn: psycopg.Connection[Any], older_than: timedelta = timedelta(days=1), batch: int = 10_000
) -> int:
    """Delete outbox events older than `older_than` (default one day) in short transactions of at
    most `batch` rows; returns how many went. Runs `auxeira.prune_outbox()`, which only the
    owner role (and superusers) may execute: call it from the cleanup path."""
    if older_than < timedelta(minutes=1):
        raise DataError(f"outbox retention must be at least 1 minute (got {older_than})")
    if batch < 1:
        raise DataError(f"batch must be at least 1 (got {batch})")
    total = 0
    while True:
        with conn.transaction():
            row = conn.execute(
                "SELECT auxeira.prune_outbox(%s, %s)", (older_than, batch)
            ).fetchone()
        removed = int(row[0]) if row else 0
        total += removed
        if removed < batch:
            return total
