"""The shared SQL helpers of migration 0014: one "no tenant" guard, idempotent writes, keyset
paging checked in SQL, the SSE score as a SQL function."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import DataError, tenant
from auxeira_db.dashboards import angel, esg, government, startup, vc
from auxeira_db.dashboards import corporate as corp
from auxeira_db.errors import PermissionDenied
from tests import factories as f
from tests.test_dash_startup import GOOD_INTERVIEW

NO_TENANT = "no tenant: call inside auxeira_db.tenant() (auxeira.user_id is unset)"


def test_one_no_tenant_guard(conn: psycopg.Connection[Any]) -> None:
    """Outside require_user_id() no function raises a "no tenant" error of its own."""
    rows = conn.execute(
        "SELECT p.proname FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace"
        " WHERE n.nspname IN ('auxeira', 'auxeira_dash')"
        "   AND p.prosrc ~* 'RAISE EXCEPTION ''no (tenant|current user)'"
    ).fetchall()
    own = {r[0] for r in rows}
    assert own == {"require_user_id"}


@pytest.mark.parametrize(
    "call",
    [
        lambda c: startup.record_interview(c, uuid.uuid4(), **GOOD_INTERVIEW),
        lambda c: esg.record_programme(
            c, name="P", country_code="KE", education_level="primary", start_date=OLD_DAY
        ),
        lambda c: government.record_policy(
            c, name="P", jurisdiction="KE", instrument_type="grant", start_date=OLD_DAY
        ),
        lambda c: corp.submit_bid(c, uuid.uuid4(), b"\0" * 32),
        lambda c: vc.record_investment(c, uuid.uuid4(), amount=Decimal(1), investment_date=OLD_DAY),
        lambda c: vc.purchase_lp_report(
            c, uuid.uuid4(), payment_reference="ref-1", amount=Decimal(1)
        ),
        lambda c: angel.record_investment(
            c, uuid.uuid4(), amount=Decimal(1), investment_date=OLD_DAY
        ),
        lambda c: angel.request_connection(c, uuid.uuid4()),
        lambda c: angel.respond_connection(c, uuid.uuid4(), accept=True),
        lambda c: angel.join_syndicate(c, uuid.uuid4(), commitment_amount=Decimal(1)),
        lambda c: angel.set_tax_jurisdiction(c, "UK"),
        lambda c: angel.set_lot_facts(c, uuid.uuid4()),
        lambda c: angel.identify_disposal(c, uuid.uuid4(), shares=Decimal(1)),
        lambda c: c.execute(
            "SELECT auxeira.record_investment(gen_random_uuid(), 1, DATE '2024-01-01')"
        ),
        lambda c: c.execute("SELECT auxeira.award_tokens('customer_interview', gen_random_uuid())"),
        lambda c: c.execute("SELECT auxeira.spend_tokens('lp_report')"),
    ],
    ids=[
        "startup",
        "esg",
        "government",
        "corporate",
        "vc_record_investment",
        "vc_purchase_lp_report",
        "angel_record_investment",
        "angel_request_connection",
        "angel_respond_connection",
        "angel_join_syndicate",
        "angel_set_tax_jurisdiction",
        "angel_set_lot_facts",
        "angel_identify_disposal",
        "record_investment",
        "award_tokens",
        "spend_tokens",
    ],
)
def test_every_write_without_a_tenant_gets_the_same_error(
    app_conn: psycopg.Connection[Any], call: Any
) -> None:
    with pytest.raises((PermissionDenied, errors.InsufficientPrivilege)) as raised:
        call(app_conn)
    app_conn.rollback()
    assert NO_TENANT in str(raised.value)


OLD_DAY = datetime(2024, 1, 1, tzinfo=UTC).date()


def test_sse_score_formula(conn: psycopg.Connection[Any]) -> None:
    def score(*args: Any) -> int:
        row = conn.execute("SELECT auxeira.sse_score(%s, %s, %s, %s, %s)", args).fetchone()
        assert row is not None
        return int(row[0])

    # 30 + 6 x log10(1 + 9000/1000) = 6 + 20 x 0.5 = 10 + 20 / 2 = 10
    assert score(9000, Decimal("0.5"), 20, 1000, 0) == 56
    assert score(9000, Decimal("0.5"), 20, 1000, Decimal("-6.5")) == 49  # truncated
    assert score(9000, Decimal("0.5"), 20, 0, 0) == 61  # no burn: efficiency 15
    assert score(None, None, None, None, None) == 30  # unknown figures score 0
    assert score(10**9, 5, 100, 1, 80) == 100  # clamped
    assert score(0, -1, 0, 1, -50) == 0


def test_a_real_company_gets_a_score_from_its_figures(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    f.company(conn, founder, mrr=9000, growth_rate=Decimal("0.5"), runway_months=20, burn_rate=1000)
    with tenant(app_conn, founder):
        (headline,) = startup.sse_score(app_conn).scores
        (overview,) = startup.overview(app_conn)
    assert headline.sse_score == overview.sse_score == 56
    assert headline.explained_points == Decimal("56.00")
    assert abs(headline.unexplained_points or 0) < 1


def test_the_seeder_fills_scores_with_the_sql_formula(conn: psycopg.Connection[Any]) -> None:
    founder = f.user(conn)
    history = [
        {"date": "2024-01-31", "mrr": 9000, "growth_rate": 0.5, "runway_months": 20,
         "burn_rate": 1000, "market_and_team": 3.5},
        {"date": "2024-02-29", "mrr": 0, "growth_rate": 0, "runway_months": 0,
         "burn_rate": 1, "market_and_team": -40},
    ]  # fmt: skip
    company = f.company(
        conn, founder, is_synthetic=True, sse_score_history=json.dumps(history),
        expires_at=datetime.now(UTC) + timedelta(days=1),
    )  # fmt: skip
    row = conn.execute(
        "SELECT auxeira.fill_synthetic_sse_scores(%s, %s)", (company, company)
    ).fetchone()
    assert row == (1,)
    stored = conn.execute(
        "SELECT sse_score, sse_score_history FROM auxeira.companies WHERE id = %s", (company,)
    ).fetchone()
    assert stored == (
        0,
        [{"date": "2024-01-31", "score": 59}, {"date": "2024-02-29", "score": 0}],
    )


def test_paging_arguments_are_checked_in_sql(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    me = f.user(conn, "corporate")
    with tenant(app_conn, me), pytest.raises(DataError, match="page_size"):
        corp.auctions(app_conn, page_size=501)
    with tenant(app_conn, me), pytest.raises(errors.InvalidParameterValue, match="cursor"):
        app_conn.execute(
            "SELECT * FROM auxeira_dash.corporate_auctions(after_id => gen_random_uuid())"
        )
    gov = f.user(conn, "government")
    with tenant(app_conn, gov), pytest.raises(DataError, match="page_size"):
        government.compliance(app_conn, page_size=0)
