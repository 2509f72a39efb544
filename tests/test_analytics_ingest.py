"""Ingestion, identification and erasure of analytics events (migration 0019), each as the
role that would call it in production."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from auxeira_db import analytics
from auxeira_db.analytics import Event
from auxeira_db.errors import DataError, PermissionDenied
from auxeira_db.tenancy import tenant
from tests import factories as f


def count(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT count(*) FROM auxeira.analytics_events").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def as_role(db_url: str) -> Iterator[Any]:
    opened: list[psycopg.Connection[Any]] = []

    def connect(role: str) -> psycopg.Connection[Any]:
        conn = psycopg.connect(db_url, autocommit=True)
        conn.execute(f"SET ROLE {role}")
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()


def test_track_event_stamps_server_time_and_truncates_the_ip(
    conn: psycopg.Connection[Any], as_role: Any
) -> None:
    user = f.user(conn)
    app = as_role("auxeira_app")
    before = conn.execute("SELECT clock_timestamp()").fetchone()
    with tenant(app, user):
        event_id = analytics.track_event(
            app,
            "feature_used",
            dashboard_type="startup",
            feature_name="sse_score",
            event_data={"clicks": 3},
            ip_address="203.0.113.77",
        )
    row = conn.execute(
        "SELECT user_id, event_category, ip_address::text, created_at >= %s,"
        " created_at <= now() FROM auxeira.analytics_events WHERE id = %s",
        (before[0] if before else None, event_id),
    ).fetchone()
    assert row == (user, "feature", "203.0.113.0/24", True, True)
    v6 = analytics.track_event(conn, "page_view", anonymous_id="v-6", ip_address="2001:db8:1:2::9")
    row = conn.execute(
        "SELECT user_id, ip_address::text FROM auxeira.analytics_events WHERE id = %s", (v6,)
    ).fetchone()
    assert row == (None, "2001:db8:1::/48")


def test_a_deployment_can_keep_full_ips(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SET auxeira.keep_full_ip = on")
    event_id = analytics.track_event(conn, "login", anonymous_id="v", ip_address="10.1.2.3")
    row = conn.execute(
        "SELECT host(ip_address) FROM auxeira.analytics_events WHERE id = %s", (event_id,)
    ).fetchone()
    assert row == ("10.1.2.3",)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"event_type": "feature_usd"}, "unknown event type 'feature_usd'"),
        ({"event_type": "login", "event_data": [1, 2]}, "must be a JSON object (got array)"),
        ({"event_type": "login", "dashboard_type": "crm"}, "unknown dashboard 'crm'"),
        ({"event_type": "login", "anonymous_id": None}, "needs a user"),
    ],
)
def test_track_event_refuses_bad_events(
    conn: psycopg.Connection[Any], kwargs: dict[str, Any], message: str
) -> None:
    values = {"anonymous_id": "v-1", **kwargs}
    event_type = values.pop("event_type")
    with pytest.raises(DataError, match=re.escape(message)):
        analytics.track_event(conn, event_type, **values)
    assert count(conn) == 0


def batch(users: list[uuid.UUID]) -> list[Event]:
    events = [
        Event("dashboard_view", user_id=u, dashboard_type="vc", session_id=f"s{i}")
        for i, u in enumerate(users)
    ]
    events.append(Event("page_view", anonymous_id="visitor-9", ip_address="198.51.100.7"))
    return events


def test_track_many_as_the_collector_then_a_bad_batch_is_refused_whole(
    conn: psycopg.Connection[Any], as_role: Any
) -> None:
    users = [f.user(conn) for _ in range(3)]
    collector = as_role("auxeira_ingest")
    assert analytics.track_many(collector, batch(users)) == 4
    assert count(conn) == 4
    row = conn.execute(
        "SELECT count(DISTINCT user_id), count(*) FILTER (WHERE event_category = 'dashboard'),"
        " max(host(ip_address)) FROM auxeira.analytics_events"
    ).fetchone()
    assert row == (3, 4, "198.51.100.0")  # page_view is a dashboard event too
    # The collector reads nothing.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        collector.execute("SELECT count(*) FROM auxeira.analytics_events")
    bad = [*batch(users), Event("login", user_id=users[0], event_data="text")]
    with pytest.raises(DataError, match=r"refused whole: row 5: event_data must be a JSON"):
        analytics.track_many(collector, bad)
    unknown = [Event("dashboard_view", user_id=users[0], dashboard_type="crm"), *batch(users)]
    with pytest.raises(DataError, match=r"row 1: unknown dashboard 'crm'"):
        analytics.track_many(collector, unknown)
    assert count(conn) == 4  # nothing of either batch


def test_a_tenant_batches_its_own_events_only(conn: psycopg.Connection[Any], as_role: Any) -> None:
    me, other = f.user(conn), f.user(conn)
    app = as_role("auxeira_app")
    with tenant(app, me):
        assert analytics.track_many(app, [Event("login", user_id=me)] * 3) == 3
    with pytest.raises(PermissionDenied), tenant(app, me):
        analytics.track_many(app, [Event("login", user_id=me), Event("login", user_id=other)])
    assert count(conn) == 3


def test_identify_links_a_visitors_events_to_the_account(
    conn: psycopg.Connection[Any], as_role: Any
) -> None:
    user = f.user(conn)
    collector = as_role("auxeira_ingest")
    analytics.track_many(
        collector,
        [Event("page_view", anonymous_id="cookie-1")] * 3
        + [Event("page_view", anonymous_id="cookie-2")],
    )
    assert analytics.identify(collector, "cookie-1", user) == 3
    assert analytics.identify(collector, "cookie-1", user) == 0  # already linked
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE user_id = %s), count(*) FILTER (WHERE user_id IS NULL)"
        " FROM auxeira.analytics_events",
        (user,),
    ).fetchone()
    assert row == (3, 1)
    with pytest.raises(PermissionDenied):
        analytics.identify(as_role("auxeira_app"), "cookie-2", user)
    with pytest.raises(DataError, match="unknown user"):
        analytics.identify(collector, "cookie-2", uuid.uuid4())


def test_forget_user_erases_personal_fields_and_keeps_counts(
    conn: psycopg.Connection[Any], as_role: Any
) -> None:
    gone, kept = f.user(conn), f.user(conn)
    events = [
        Event(
            "feature_used",
            user_id=u,
            dashboard_type="angel",
            feature_name="deal_flow",
            ip_address="192.0.2.10",
            user_agent="Mozilla/5.0",
            city="Lagos",
            referrer="https://example.com/",
        )
        for u in (gone, gone, kept)
    ]
    analytics.track_many(as_role("auxeira_ingest"), events)
    with pytest.raises(PermissionDenied):
        analytics.forget_user(as_role("auxeira_app"), gone)
    assert analytics.forget_user(as_role("auxeira_admin"), gone) == 2
    rows = conn.execute(
        "SELECT user_id, anonymous_id, ip_address, user_agent, city, referrer"
        " FROM auxeira.analytics_events ORDER BY user_id NULLS FIRST"
    ).fetchall()
    erased = [r for r in rows if r[0] is None]
    assert len(erased) == 2 and all(r[2:] == (None, None, None, None) for r in erased)
    pseudonyms = {r[1] for r in erased}
    assert len(pseudonyms) == 1 and next(iter(pseudonyms)).startswith("forgotten:")
    assert str(gone) not in next(iter(pseudonyms))
    assert rows[-1][0] == kept and rows[-1][4] == "Lagos"
    row = conn.execute(  # aggregate counts kept: events and distinct people
        "SELECT count(*), count(DISTINCT coalesce(user_id::text, anonymous_id))"
        " FROM auxeira.analytics_events WHERE feature_name = 'deal_flow'"
    ).fetchone()
    assert row == (3, 2)
    with pytest.raises(DataError, match="erased user"):
        analytics.identify(conn, next(iter(pseudonyms)), gone)
