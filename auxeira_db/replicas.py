"""Read replicas with read-your-writes.

    router = auxeira_db.replicas.Router(primary_url, read_urls)   # or Router.from_env(url)
    with router.write(user_id) as conn, auxeira_db.tenant(conn, user_id):
        startup.record_interview(conn, ...)          # primary
    with router.read(user_id) as conn, auxeira_db.tenant(conn, user_id):
        startup.overview(conn)                       # a replica that has replayed the write

Writes, refreshes, migrations and the job worker always use the primary (they are given the
primary's URL; nothing here sends them elsewhere). Dashboard reads and analytics go to a
replica (round robin). After a write of a user, `write()` records a mark (by default the
primary's WAL insert position once the transaction committed); that user's reads then wait,
at most `max_wait` seconds, until the chosen replica has replayed past it, and otherwise run
on the primary. A replica that cannot be reached is skipped with a ReplicaWarning, never an
error: the read runs on the primary.

How a replica's progress is measured is pluggable (`probe=`): `WalReplayProbe` compares the
standby's `pg_last_wal_replay_lsn()` with the write's LSN (PostgreSQL streaming replication).
Replicas that share storage with the writer, like Aurora's, do not replay WAL that way and
report lag in time instead: `AuroraLagProbe` treats a write as visible once the replica's
reported lag (`aurora_replica_status()`) is shorter than the time since the write (not tested
here: there is no Aurora in CI). The read URLs come from `AUXEIRA_READ_URLS` (comma-separated)
when not given.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
import uuid
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import psycopg

from auxeira_db.config import first_line, validate_url
from auxeira_db.db import connect
from auxeira_db.errors import AuxeiraError

READ_URLS_VARIABLE = "AUXEIRA_READ_URLS"
DEFAULT_MAX_WAIT_S = 0.5
POLL_S = 0.01
REPLICA_CONNECT_TIMEOUT_S = 2


class ReplicaWarning(UserWarning):
    """A replica was skipped (down, or unreachable): the read ran on the primary."""


class LagProbe(Protocol):
    """How far a replica has come: a mark taken on the primary after a write commits, and
    whether a replica shows everything up to a mark."""

    def mark(self, primary: psycopg.Connection[Any]) -> Any: ...

    def caught_up(self, replica: psycopg.Connection[Any], mark: Any) -> bool: ...


class WalReplayProbe:
    """Streaming replication: the primary's WAL insert position (it includes the commit
    record) against the standby's replayed position."""

    def mark(self, primary: psycopg.Connection[Any]) -> Any:
        row = primary.execute("SELECT pg_catalog.pg_current_wal_insert_lsn()::text").fetchone()
        return row[0] if row else None

    def caught_up(self, replica: psycopg.Connection[Any], mark: Any) -> bool:
        row = replica.execute(
            "SELECT NOT pg_catalog.pg_is_in_recovery()"
            " OR pg_catalog.pg_last_wal_replay_lsn() >= %s::pg_lsn",
            (mark,),
        ).fetchone()
        return bool(row and row[0])


class AuroraLagProbe:
    """Aurora PostgreSQL replicas (shared storage): a write is visible on a replica once the
    replica's reported lag is shorter than the time since the write. Not tested here."""

    query = (
        "SELECT replica_lag_in_msec / 1000.0 FROM aurora_replica_status()"
        " WHERE server_id = aurora_db_instance_identifier()"
    )

    def mark(self, primary: psycopg.Connection[Any]) -> Any:
        return time.time()

    def caught_up(self, replica: psycopg.Connection[Any], mark: Any) -> bool:
        row = replica.execute(self.query).fetchone()
        lag = float(row[0]) if row and row[0] is not None else None
        return lag is not None and lag < time.time() - float(mark)


def read_urls_from_env() -> list[str]:
    value = os.environ.get(READ_URLS_VARIABLE, "")
    return [validate_url(u.strip()) for u in value.split(",") if u.strip()]


class Router:
    """Sends reads to replicas and writes to the primary, with read-your-writes per user."""

    def __init__(
        self,
        primary_url: str,
        read_urls: Sequence[str] = (),
        *,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        probe: LagProbe | None = None,
    ) -> None:
        self.primary_url = validate_url(primary_url)
        self.read_urls = [validate_url(u) for u in read_urls]
        self.max_wait = max_wait
        self.probe: LagProbe = probe or WalReplayProbe()
        self._marks: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._next = itertools.cycle(range(len(self.read_urls) or 1))

    @classmethod
    def from_env(cls, primary_url: str, **kwargs: Any) -> Router:
        return cls(primary_url, read_urls_from_env(), **kwargs)

    @contextmanager
    def write(self, user_id: uuid.UUID | str | None = None) -> Iterator[psycopg.Connection[Any]]:
        """A primary connection; when the block ends without error, the user's reads wait
        for this write (the mark is taken after the block's transactions committed)."""
        with connect(self.primary_url) as conn:
            yield conn
            conn.commit()
            if user_id is not None:
                mark = self.probe.mark(conn)
                conn.rollback()
                with self._lock:
                    self._marks[str(user_id)] = mark

    @contextmanager
    def primary(self) -> Iterator[psycopg.Connection[Any]]:
        """A primary connection for refreshes, maintenance and anything that must not lag."""
        with connect(self.primary_url) as conn:
            yield conn

    @contextmanager
    def read(self, user_id: uuid.UUID | str | None = None) -> Iterator[psycopg.Connection[Any]]:
        """A connection for reads: a replica that shows the user's latest write, else the
        primary."""
        replica = self._replica(None if user_id is None else self._marks.get(str(user_id)))
        if replica is None:
            with connect(self.primary_url) as conn:
                yield conn
            return
        with replica:
            yield replica

    def _replica(self, mark: Any) -> psycopg.Connection[Any] | None:
        for _ in range(len(self.read_urls)):
            url = self.read_urls[next(self._next)]
            try:
                conn = connect(url, connect_timeout=REPLICA_CONNECT_TIMEOUT_S)
            except AuxeiraError as exc:
                warnings.warn(
                    f"read replica skipped, reading from the primary: {first_line(str(exc))}",
                    ReplicaWarning,
                    stacklevel=4,
                )
                continue
            if mark is None or self._wait(conn, mark):
                return conn
            conn.close()  # lagging past max_wait: the primary has the write
            return None
        return None

    def _wait(self, conn: psycopg.Connection[Any], mark: Any) -> bool:
        deadline = time.monotonic() + self.max_wait
        while True:
            caught_up = self.probe.caught_up(conn, mark)
            conn.rollback()
            if caught_up:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)
