"""cleanup_expired_synthetic_data(): expired synthetic rows go, everything else stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from auxeira_db import maintenance
from tests import factories as f

PAST = datetime.now(UTC) - timedelta(days=1)
FUTURE = datetime.now(UTC) + timedelta(days=7)


def synthetic(expires: datetime) -> dict[str, Any]:
    return {"is_synthetic": True, "expires_at": expires}


def count(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM auxeira.{table}").fetchone()
    assert row is not None
    return int(row[0])


def test_expired_synthetic_ecosystem_is_removed_children_first(
    conn: psycopg.Connection[Any],
) -> None:
    gone = synthetic(PAST)
    founder = f.user(conn, **gone)
    vc = f.user(conn, "vc", **gone)
    corp = f.user(conn, "corporate", **gone)
    company = f.company(conn, founder, **gone)
    f.investment(conn, vc, company, **gone)
    f.esg(conn, company, **gone)
    f.impact(conn, company, **gone)
    f.partnership(conn, corp, company, **gone)
    f.portfolio(conn, vc, **gone)
    f.token(conn, founder, **gone)
    f.event(conn, founder, **gone)
    f.subscription(conn, founder, **gone)

    report = maintenance.cleanup(conn)

    deleted = {r.table_name: r.deleted for r in report.tables if r.deleted}
    assert deleted == {
        "users": 3,
        "companies": 1,
        "investments": 1,
        "esg_metrics": 1,
        "economic_impact": 1,
        "corporate_partnerships": 1,
        "portfolio_metrics": 1,
        "token_transactions": 1,
        "analytics_events": 1,
        "subscription_events": 1,
    }
    assert report.total_deleted == 12 and report.total_retained == 0
    order = [r.table_name for r in report.tables]
    assert order.index("investments") < order.index("companies") < order.index("users")
    for table in deleted:
        assert count(conn, table) == 0
    assert maintenance.cleanup(conn).total_deleted == 0  # a second run finds nothing


def test_real_and_unexpired_rows_stay(conn: psycopg.Connection[Any]) -> None:
    real_founder = f.user(conn)
    real_company = f.company(conn, real_founder)
    fresh_vc = f.user(conn, "vc", **synthetic(FUTURE))
    f.investment(conn, fresh_vc, real_company, **synthetic(FUTURE))
    old_vc = f.user(conn, "vc", **synthetic(PAST))
    f.investment(conn, old_vc, real_company, **synthetic(PAST))
    f.token(conn, real_founder)

    report = maintenance.cleanup(conn)

    assert report.total_deleted == 2  # old_vc and its investment
    assert count(conn, "users") == 2 and count(conn, "investments") == 1
    assert count(conn, "companies") == 1 and count(conn, "token_transactions") == 1


def test_a_synthetic_row_that_a_real_row_references_is_retained(
    conn: psycopg.Connection[Any],
) -> None:
    synthetic_founder = f.user(conn, **synthetic(PAST))
    real_company = f.company(conn, synthetic_founder)  # a real row pointing at a synthetic user
    synthetic_company = f.company(conn, synthetic_founder, **synthetic(PAST))

    report = maintenance.cleanup(conn)

    rows = {r.table_name: r for r in report.tables}
    assert rows["companies"].deleted == 1 and rows["companies"].retained == 0
    assert rows["users"].deleted == 0 and rows["users"].retained == 1
    assert report.total_retained == 1
    ids = {r[0] for r in conn.execute("SELECT id FROM auxeira.companies")}
    assert ids == {real_company} and synthetic_company not in ids
    assert count(conn, "users") == 1  # kept: deleting it would orphan the real company


def test_analytics_retention_deletes_old_events_only(conn: psycopg.Connection[Any]) -> None:
    from auxeira_db.errors import DataError

    user = f.user(conn)
    old = [
        f.event(conn, user, created_at=datetime.now(UTC) - timedelta(days=400)) for _ in range(5)
    ]
    recent = f.event(conn, user)
    assert maintenance.purge_analytics_events(conn, older_than_days=365, batch=2) == 5
    left = {r[0] for r in conn.execute("SELECT id FROM auxeira.analytics_events")}
    assert left == {recent} and not left & set(old)
    assert maintenance.purge_analytics_events(conn, older_than_days=365) == 0
    with pytest.raises(DataError, match="at least 1 day"):
        maintenance.purge_analytics_events(conn, older_than_days=0)
