"""One verb for recording an act (0017): the dashboards' writes are named *_record_*, their old
names stay one release as deprecated wrappers (SQL and Python) that do the same thing."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from auxeira_db import tenant
from auxeira_db.dashboards import angel, esg, government, startup, vc
from tests import factories as f

RENAMED = {
    "vc_log_investment": "vc_record_investment",
    "angel_track_investment": "angel_record_investment",
    "esg_education_log_program": "esg_education_record_programme",
    "government_log_policy": "government_record_policy",
    "government_log_policy_impact": "government_record_policy_impact",
    "startup_log_interview": "startup_record_interview",
}


@pytest.mark.parametrize(("old", "new"), RENAMED.items())
def test_old_sql_name_is_a_deprecated_wrapper_with_the_same_grants(
    conn: psycopg.Connection[Any], old: str, new: str
) -> None:
    rows = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT p.proname, p.proargtypes::text, p.proacl::text,"
            " obj_description(p.oid, 'pg_proc')"
            " FROM pg_proc AS p WHERE p.pronamespace = 'auxeira_dash'::regnamespace"
            " AND p.proname IN (%s, %s)",
            (old, new),
        ).fetchall()
    }
    assert set(rows) == {old, new}
    assert rows[old][0] == rows[new][0]  # the same argument types
    assert rows[old][1] == rows[new][1] and "auxeira_app=X" in rows[old][1]
    assert (
        rows[old][2].startswith("DEPRECATED since 0017") and f"auxeira_dash.{new}" in rows[old][2]
    )
    assert "(0017)" in rows[new][2] and old in rows[new][2]
    body = conn.execute(
        "SELECT p.prosrc FROM pg_proc AS p"
        " WHERE p.proname = %s AND p.pronamespace = 'auxeira_dash'::regnamespace",
        (old,),
    ).fetchone()
    assert body is not None and f"auxeira_dash.{new}(" in body[0]  # a thin wrapper


def test_old_and_new_sql_names_record_the_same_investment(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    """The wrapper passes every argument through, the idempotency key too: a retry under the old
    name of a write made under the new one replays it (one operation name)."""
    me = f.user(conn, "vc")
    company = f.company(conn, f.user(conn))
    with tenant(app_conn, me):
        new = app_conn.execute(
            "SELECT investment_id, amount, investment_date, equity_percentage"
            " FROM auxeira_dash.vc_record_investment(company_id => %s, amount => 1000,"
            " investment_date => DATE '2024-01-02', pre_money_valuation => 9000,"
            " idempotency_key => 'k-1')",
            (company,),
        ).fetchone()
        old = app_conn.execute(
            "SELECT investment_id, amount, investment_date, equity_percentage"
            " FROM auxeira_dash.vc_log_investment(company => %s, invested => 1000,"
            " invested_on => DATE '2024-01-02', pre_money => 9000, idempotency_key => 'k-1')",
            (company,),
        ).fetchone()
        angel_row = app_conn.execute(
            "SELECT * FROM auxeira_dash.angel_track_investment(company => %s, invested => 5,"
            " invested_on => DATE '2024-01-03')",
            (company,),
        ).fetchone()
    assert new is not None and new == old
    assert new[1:] == (Decimal(1000), date(2024, 1, 2), Decimal("10.0000"))
    count = conn.execute(
        "SELECT count(*) FROM auxeira.investments WHERE company_id = %s AND amount = 1000",
        (company,),
    ).fetchone()
    assert count == (1,)  # the retry under the old name wrote nothing
    assert angel_row is not None and len(angel_row) == 11  # the old shape: no fund_id


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        (vc, "log_investment", "record_investment"),
        (angel, "track_investment", "record_investment"),
        (esg, "log_program", "record_programme"),
        (government, "log_policy", "record_policy"),
        (government, "log_policy_impact", "record_policy_impact"),
        (startup, "log_interview", "record_interview"),
    ],
)
def test_old_python_name_warns_and_calls_the_new_one(
    conn: psycopg.Connection[Any],
    app_conn: psycopg.Connection[Any],
    module: Any,
    old: str,
    new: str,
) -> None:
    assert getattr(module, old).__wrapped__ is getattr(module, new)
    if module is not vc:
        return
    me = f.user(conn, "vc")
    company = f.company(conn, f.user(conn))
    with tenant(app_conn, me), pytest.warns(DeprecationWarning, match="vc.record_investment"):
        row = vc.log_investment(
            app_conn, company, amount=Decimal(7), investment_date=date(2024, 2, 1)
        )
    assert isinstance(row, vc.RecordedInvestment) and row.amount == Decimal(7)
    assert vc.LoggedInvestment is vc.RecordedInvestment
    assert isinstance(row.investment_id, uuid.UUID)
