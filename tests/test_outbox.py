"""Dashboard notifications through the outbox (issue 8, attack 7): a NOTIFY payload is only an
opaque outbox id; the consumer re-reads the event as its tenant, so a listener of another
tenant learns no user id and a forged or foreign id yields nothing."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import realtime, tenant
from auxeira_db.dashboards import DASHBOARDS
from auxeira_db.errors import DataError
from tests import factories as f

CHANNELS = [realtime.channel(d) for d in DASHBOARDS]


def _founder_with_company(conn: psycopg.Connection[Any]) -> tuple[uuid.UUID, uuid.UUID]:
    founder = f.user(conn)
    return founder, f.company(conn, founder)


def _log_interview(
    app_conn: psycopg.Connection[Any], founder: uuid.UUID, company: uuid.UUID
) -> str:
    """A write as the application role, through the startup endpoint: fires the notify trigger."""
    with tenant(app_conn, founder):
        row = app_conn.execute(
            "SELECT id FROM auxeira_dash.startup_record_interview(%s, current_date, 'CTO', true)",
            (company,),
        ).fetchone()
    app_conn.commit()
    assert row is not None
    return str(row[0])


def _raw_listener(url: str) -> psycopg.Connection[Any]:
    """A session of the shared application role LISTENing on every dashboard channel."""
    listener = psycopg.connect(url, autocommit=True)
    listener.execute("SET ROLE auxeira_app")
    for name in CHANNELS:
        listener.execute(f"LISTEN {name}")
    return listener


def test_a_listener_of_another_tenant_learns_no_user_id(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], db_url: str
) -> None:
    founder, company = _founder_with_company(conn)
    other = f.user(conn)
    with _raw_listener(db_url) as spy, psycopg.connect(db_url, autocommit=True) as svc:
        svc.execute("LISTEN auxeira_startup")
        interview = _log_interview(app_conn, founder, company)
        payloads = [n.payload for n in spy.notifies(timeout=0.5)]
        assert payloads, "the write sent no notification at all"
        for payload in payloads:
            assert str(founder) not in payload
            assert str(company) not in payload
            assert interview not in payload
            assert realtime.parse(payload) is not None  # an opaque id, nothing else
        # the other tenant's consumer gets nothing from these ids
        assert list(realtime.listen(svc, ["startup"], user_id=other, timeout=0.5)) == []
        # and reading the outbox as that tenant shows nothing either
        ids = [realtime.parse(p) for p in payloads]
        for event_id in ids:
            assert event_id is not None
            assert realtime.fetch(svc, event_id, other) is None
    app_conn.execute("SET ROLE auxeira_app")
    with tenant(app_conn, other):
        assert app_conn.execute("SELECT count(*) FROM auxeira.outbox").fetchone() == (0,)
    app_conn.rollback()


def test_the_owner_tenant_gets_its_event(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], db_url: str
) -> None:
    founder, company = _founder_with_company(conn)
    with psycopg.connect(db_url, autocommit=True) as svc:
        svc.execute("LISTEN auxeira_startup")
        interview = _log_interview(app_conn, founder, company)
        events = list(realtime.listen(svc, ["startup"], user_id=founder, timeout=0.5))
    expected = realtime.DashboardEvent(
        "startup", founder, "customer_interviews", interview, "insert"
    )
    assert expected in events
    got = next(e for e in events if e == expected)
    assert got.event_id is not None and got.created_at is not None


def _notify(url: str, payloads: list[str]) -> None:
    """pg_notify() as any session of the application role can."""
    with psycopg.connect(url, autocommit=True) as attacker:
        attacker.execute("SET ROLE auxeira_app")
        for payload in payloads:
            attacker.execute("SELECT pg_notify('auxeira_startup', %s)", (payload,))


def test_a_forged_notification_yields_nothing(conn: psycopg.Connection[Any], db_url: str) -> None:
    victim = f.user(conn)
    forged = json.dumps(
        {
            "dashboard": "startup",
            "user_id": str(victim),
            "entity": "customer_interviews",
            "id": str(uuid.uuid4()),
            "op": "insert",
        }
    )
    with psycopg.connect(db_url, autocommit=True) as svc:
        svc.execute("LISTEN auxeira_startup")
        _notify(db_url, [forged])
        assert list(realtime.listen(svc, ["startup"], user_id=victim, timeout=0.5)) == []


def test_a_foreign_or_malformed_id_yields_nothing(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], db_url: str
) -> None:
    founder, company = _founder_with_company(conn)
    victim = f.user(conn)
    with psycopg.connect(db_url, autocommit=True) as svc:
        svc.execute("LISTEN auxeira_startup")
        # a genuine event of someone else, its id replayed to the victim's consumer
        _log_interview(app_conn, founder, company)
        foreign = [n.payload for n in svc.notifies(timeout=0.5)]
        assert foreign
        _notify(db_url, ["not a uuid", "", "{}", str(uuid.uuid4()), *foreign])
        assert list(realtime.listen(svc, ["startup"], user_id=victim, timeout=0.5)) == []
    # the genuine events are still there for their owner, untouched
    assert conn.execute(
        "SELECT bool_and(user_id = %s), count(*) FILTER (WHERE id::text = ANY(%s))"
        " FROM auxeira.outbox",
        (founder, foreign),
    ).fetchone() == (True, len(foreign))


def test_the_application_role_cannot_write_the_outbox(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, company = _founder_with_company(conn)
    _log_interview(app_conn, founder, company)
    statements = [
        "INSERT INTO auxeira.outbox (user_id, dashboard, entity, op)"
        f" VALUES ('{founder}', 'startup', 'x', 'insert')",
        "UPDATE auxeira.outbox SET op = 'delete'",
        "DELETE FROM auxeira.outbox",
        "SELECT auxeira.prune_outbox('1 minute', 10)",
    ]
    for statement in statements:
        with tenant(app_conn, founder), pytest.raises(errors.InsufficientPrivilege):
            app_conn.execute(statement)
        app_conn.rollback()
    with tenant(app_conn, founder):
        mine = app_conn.execute("SELECT count(*) FROM auxeira.outbox").fetchone()
    app_conn.rollback()
    assert mine is not None and mine[0] >= 1
    assert conn.execute("SELECT count(*) FROM auxeira.outbox").fetchone() == mine


def test_pruning_removes_old_events_only(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, company = _founder_with_company(conn)
    _log_interview(app_conn, founder, company)  # a fresh event
    for age in (2, 3, 4):
        conn.execute(
            "INSERT INTO auxeira.outbox (user_id, dashboard, entity, op, created_at)"
            " VALUES (%s, 'startup', 'customer_interviews', 'insert',"
            " now() - make_interval(days => %s))",
            (founder, age),
        )
    with pytest.raises(DataError):
        realtime.prune_outbox(conn, timedelta(seconds=1))
    fresh = conn.execute("SELECT count(*) FROM auxeira.outbox").fetchone()
    assert realtime.prune_outbox(conn, timedelta(days=1), batch=2) == 3
    assert conn.execute("SELECT count(*) FROM auxeira.outbox").fetchone() == (fresh[0] - 3,)
    assert realtime.prune_outbox(conn) == 0
