"""Refreshing materialized views, their refresh log, and change notifications."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import realtime, refresh
from tests import factories as f


@pytest.fixture
def toy_view(conn: psycopg.Connection[Any]) -> str:
    """A small materialized view in auxeira_mv, owned like the real ones."""
    conn.execute(
        "SET ROLE auxeira_owner;"
        "CREATE MATERIALIZED VIEW auxeira_mv.zz_test_users AS"
        " SELECT user_type, count(*) AS n FROM auxeira.users GROUP BY user_type;"
        "CREATE UNIQUE INDEX ON auxeira_mv.zz_test_users (user_type);"
        "RESET ROLE"
    )
    return "auxeira_mv.zz_test_users"


def test_refresh_logs_and_counts(conn: psycopg.Connection[Any], toy_view: str) -> None:
    f.user(conn)
    f.user(conn, "vc")
    results = refresh.refresh(conn, only="zz_test")
    assert [(r.view, r.refreshed, r.row_count) for r in results] == [(toy_view, True, 2)]
    log = conn.execute(
        "SELECT row_count, concurrent FROM auxeira.view_refreshes WHERE view_name = %s",
        (toy_view,),
    ).fetchall()
    assert log == [(2, True)]
    assert toy_view not in refresh.stale_views(conn, older_than_minutes=60)
    assert toy_view in refresh.stale_views(conn, older_than_minutes=-1)


def test_a_view_being_refreshed_elsewhere_is_skipped(
    conn: psycopg.Connection[Any], db_url: str, toy_view: str
) -> None:
    with psycopg.connect(db_url) as other:
        other.execute("SELECT * FROM auxeira.refresh_materialized_view(%s::regclass)", (toy_view,))
        # `other` still holds its transaction-level refresh lock
        (result,) = refresh.refresh(conn, only="zz_test")
        assert result.refreshed is False and result.row_count is None
        other.rollback()
    (result,) = refresh.refresh(conn, only="zz_test")
    assert result.refreshed is True


def test_refresh_rejects_a_plain_table(conn: psycopg.Connection[Any]) -> None:
    with pytest.raises(errors.WrongObjectType, match="not a materialized view"):
        conn.execute("SELECT * FROM auxeira.refresh_materialized_view('auxeira.users')")


def test_the_application_role_cannot_read_materialized_views(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any]
) -> None:
    views = [
        r[0]
        for r in conn.execute(
            "SELECT format('%I.%I', schemaname, matviewname) FROM pg_matviews"
            " WHERE schemaname LIKE 'auxeira%'"
        )
    ]
    for view in views:
        with pytest.raises(errors.InsufficientPrivilege):
            app_conn.execute(f"SELECT * FROM {view} LIMIT 1")
        app_conn.rollback()


def test_notify_trigger_delivers_a_small_event(conn: psycopg.Connection[Any], db_url: str) -> None:
    conn.execute(
        "CREATE TABLE public.zz_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner uuid);"
        "CREATE TRIGGER zz_notify AFTER INSERT ON public.zz_events FOR EACH ROW"
        " EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'owner')"
    )
    owner = f.user(conn)
    received: list[realtime.DashboardEvent] = []
    with psycopg.connect(db_url, autocommit=True) as listener:
        events = realtime.listen(listener, ["startup"], user_id=owner, timeout=5)
        ready = threading.Event()

        def collect() -> None:
            ready.set()
            received.extend(events)

        # LISTEN is issued on the first next(); start it before writing
        first = threading.Thread(target=collect)
        listener.execute("LISTEN auxeira_startup")
        first.start()
        ready.wait()
        with psycopg.connect(db_url) as writer:
            writer.execute("INSERT INTO public.zz_events (owner) VALUES (%s)", (owner,))
        first.join(timeout=10)
    assert len(received) == 1
    event = received[0]
    assert (event.dashboard, event.user_id, event.entity, event.op) == (
        "startup",
        owner,
        "zz_events",
        "insert",
    )


def test_listen_rejects_an_unknown_dashboard(conn: psycopg.Connection[Any]) -> None:
    from auxeira_db.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="unknown dashboard"):
        next(realtime.listen(conn, ["nope"], user_id=uuid.uuid4(), timeout=0.1))
