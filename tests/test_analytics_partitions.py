"""The partitioned event log (migration 0019): partitions made by the scheduled job carry the
parent's row-level security, an event outside the created months is refused, and retention
drops whole months without waiting behind a long-running reader."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from auxeira_db import jobs, maintenance
from auxeira_db.errors import DatabaseError, DataError
from tests import factories as f
from tests.upgrade.checks import event_partitions_hold_policies


def partitions(conn: psycopg.Connection[Any]) -> list[str]:
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT c.relname FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'auxeira.analytics_events'::regclass ORDER BY 1"
        )
    ]


def month_start(months_from_now: int) -> datetime:
    now = datetime.now(UTC)
    index = now.year * 12 + now.month - 1 + months_from_now
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def test_the_job_creates_partitions_that_hold_the_policies(
    conn: psycopg.Connection[Any], db_url: str
) -> None:
    last = partitions(conn)[-1]
    conn.execute(f"DROP TABLE auxeira.{last}")  # the migration made it: let the job make it
    assert last not in partitions(conn)
    run = jobs.run(db_url, "event-partitions")
    assert run.outcome == "succeeded" and run.rows_affected == 1, run
    assert partitions(conn)[-1] == last
    again = jobs.run(db_url, "event-partitions")
    assert again.rows_affected == 0  # idempotent
    # Two users' events in the job's partition, then the partition queried directly as
    # auxeira_app: each tenant sees its own only, no tenant sees nothing, forging refused.
    ada, bob, _stranger = f.user(conn), f.user(conn), f.user(conn)
    when = month_start(3) + timedelta(days=2)
    for owner, n in ((ada, 3), (bob, 2)):
        for _ in range(n):
            f.event(conn, owner, created_at=when)
    row = conn.execute(f"SELECT count(*) FROM auxeira.{last}").fetchone()
    assert row == (5,)
    checked = event_partitions_hold_policies(conn)
    assert last in checked
    with conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL ROLE auxeira_app")
        conn.execute("SELECT set_config('auxeira.user_id', %s::text, true)", (bob,))
        seen = conn.execute(f"SELECT DISTINCT user_id FROM auxeira.{last}").fetchall()
        assert seen == [(bob,)]


def test_an_event_outside_the_created_months_is_refused(conn: psycopg.Connection[Any]) -> None:
    user = f.user(conn)
    far = month_start(24)
    with pytest.raises(psycopg.errors.CheckViolation, match="no partition"):
        f.insert(conn, "analytics_events", user_id=user, event_type="login", created_at=far)
    f.event(conn, user, created_at=far)  # the factory creates the month first
    row = conn.execute("SELECT count(*) FROM auxeira.analytics_events").fetchone()
    assert row == (1,)


def old_events(conn: psycopg.Connection[Any]) -> tuple[Any, dict[str, int]]:
    """Events 14, 15 and 16 months back (4 each) and 2 recent ones; returns the user and the
    partitions of the old months with their counts."""
    user = f.user(conn)
    old: dict[str, int] = {}
    for back in (14, 15, 16):
        when = month_start(-back) + timedelta(days=3)
        for _ in range(4):
            f.event(conn, user, created_at=when)
        old[f"analytics_events_p{when:%Y_%m}"] = 4
    f.event(conn, user)
    f.event(conn, user)
    return user, old


def test_retention_drops_whole_months(conn: psycopg.Connection[Any]) -> None:
    _, old = old_events(conn)
    assert set(old) <= set(partitions(conn))
    assert maintenance.purge_analytics_events(conn, older_than_days=365, batch=1) == 12
    assert not set(old) & set(partitions(conn))  # dropped, not emptied
    row = conn.execute("SELECT count(*) FROM auxeira.analytics_events").fetchone()
    assert row == (2,)
    assert maintenance.purge_analytics_events(conn, older_than_days=365) == 0


def test_retention_waits_for_a_long_reader_without_blocking_others(
    conn: psycopg.Connection[Any], db_url: str
) -> None:
    _, old = old_events(conn)
    with psycopg.connect(db_url) as reader:
        reader.execute("SELECT count(*) FROM auxeira.analytics_events").fetchone()
        # The reader's transaction stays open: the detach cannot get its lock. It gives up
        # after its tries, with a typed error, having removed nothing.
        started = time.monotonic()
        with pytest.raises(DatabaseError, match="long-running transaction") as raised:
            maintenance.purge_analytics_events(conn, older_than_days=365)
        assert raised.value.sqlstate == "55P03"
        assert time.monotonic() - started < 10
        assert set(old) <= set(partitions(conn))
        row = conn.execute("SELECT count(*) FROM auxeira.analytics_events").fetchone()
        assert row == (14,)
        # While retention retries, other readers are not queued behind it for long.
        result: dict[str, Any] = {}

        def purge() -> None:
            with psycopg.connect(db_url, autocommit=True) as other:
                try:
                    result["removed"] = maintenance.purge_analytics_events(other, 365)
                except Exception as exc:  # reported below
                    result["error"] = exc

        worker = threading.Thread(target=purge)
        worker.start()
        time.sleep(0.3)
        with psycopg.connect(db_url, autocommit=True) as third:
            waited = time.monotonic()
            third.execute("SELECT count(*) FROM auxeira.analytics_events").fetchone()
            assert time.monotonic() - waited < 1.0
        reader.rollback()  # the long reader ends: the next try succeeds
        worker.join(timeout=30)
    assert result == {"removed": 12}, result
    assert not set(old) & set(partitions(conn))


def test_the_cli_flag_still_purges(
    conn: psycopg.Connection[Any], db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.safety import run_cli

    old_events(conn)
    result = run_cli(
        capsys, "--database-url", db_url, "--json", "cleanup", "--events-older-than", "365"
    )
    assert result.code == 0, result
    assert '"analytics_events_purged": 12' in result.stdout
    row = conn.execute("SELECT count(*) FROM auxeira.analytics_events").fetchone()
    assert row == (2,)
    with pytest.raises(DataError):
        maintenance.purge_analytics_events(conn, older_than_days=0)
