"""Government agency dashboard: suppressed aggregates, compliance opt-in, policies, NOTIFY."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

import auxeira_db
from auxeira_db import realtime
from auxeira_db.dashboards import government as gov
from tests import factories as f

VIEWS = ("auxeira_mv.government_economic_impact", "auxeira_mv.government_compliance_summary")

# 13 companies: SaaS x6 (Nigeria, seed), Fintech x5 (Kenya, series-a), Health x2 (Ghana, seed).
COMPANIES = (
    [("SaaS", "seed", "Lagos, Nigeria")] * 6
    + [("Fintech", "series-a", "Nairobi, Kenya")] * 5
    + [("Health", "seed", "Accra, Ghana")] * 2
)


def refresh(conn: psycopg.Connection[Any]) -> None:
    for view in VIEWS:
        conn.execute("SELECT * FROM auxeira.refresh_materialized_view(%s::regclass)", (view,))


@pytest.fixture
def ecosystem(conn: psycopg.Connection[Any]) -> list[uuid.UUID]:
    """13 companies with Q4 2023 and Q1 2024 figures; four of them with Q2 2024 figures."""
    companies = []
    for industry, stage, location in COMPANIES:
        founder = f.user(conn)
        company = f.company(conn, founder, industry=industry, stage=stage, location=location)
        companies.append(company)
        f.impact(
            conn,
            company,
            metric_date=date(2023, 12, 31),
            jobs_created=1,
            jobs_supported=8,
            tax_revenue_generated=500,
        )
        for month_end, supported in ((date(2024, 1, 31), 10), (date(2024, 2, 29), 12)):
            f.impact(
                conn,
                company,
                metric_date=month_end,
                jobs_created=2,
                jobs_supported=supported,
                tax_revenue_generated=1000,
                gdp_contribution=5000,
                export_revenue=100,
                economic_multiplier=2,
            )
    for company in companies[:4]:
        f.impact(
            conn,
            company,
            metric_date=date(2024, 4, 30),
            jobs_created=50,
            tax_revenue_generated=99999,
        )
    refresh(conn)
    return companies


def government_user(conn: psycopg.Connection[Any]) -> uuid.UUID:
    return f.user(conn, "government")


def test_economic_jobs_and_tax_are_suppressed_aggregates(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], ecosystem: list[uuid.UUID]
) -> None:
    me = government_user(conn)
    with auxeira_db.tenant(app_conn, me):
        economic = gov.economic(app_conn)
        jobs = gov.jobs(app_conn)
        tax = gov.tax_revenue(app_conn)
        only_industry = gov.economic(app_conn, breakdown="industry", period_from=date(2024, 2, 1))
    for rows in (economic, jobs, tax):
        assert rows and all(r.companies >= 5 for r in rows)
        # Q2 2024 has four companies: nothing of it is published.
        assert {r.period_start for r in rows} == {date(2023, 10, 1), date(2024, 1, 1)}
        # Every breakdown of a quarter covers every company: no gap to difference out.
        per_breakdown: dict[tuple[date, str], int] = defaultdict(int)
        for r in rows:
            per_breakdown[(r.period_start, r.breakdown)] += r.companies
        assert set(per_breakdown.values()) == {13}

    q1 = {(r.breakdown, r.breakdown_value): r for r in jobs if r.period_start == date(2024, 1, 1)}
    # Health (2) is too small: merged into (other) with the smallest group, Fintech (5).
    assert {k: v.companies for k, v in q1.items()} == {
        ("total", "(all)"): 13,
        ("industry", "SaaS"): 6,
        ("industry", "(other)"): 7,
        ("stage", "seed"): 8,
        ("stage", "series-a"): 5,
        ("region", "Nigeria"): 6,
        ("region", "(other)"): 7,
    }
    total = q1[("total", "(all)")]
    assert (total.jobs_created, total.jobs_supported) == (52, 13 * 12)
    assert total.jobs_created_change == 52 - 13
    assert total.jobs_created_per_company == Decimal("4.00")

    tax_q1 = next(r for r in tax if r.period_start == date(2024, 1, 1) and r.breakdown == "total")
    assert tax_q1.tax_revenue == Decimal("26000.00")
    assert tax_q1.tax_revenue_change == Decimal("19500.00")
    assert tax_q1.tax_revenue_growth == Decimal("3.0000")

    eco_q1 = next(
        r for r in economic if r.period_start == date(2024, 1, 1) and r.breakdown == "total"
    )
    assert eco_q1.gdp_contribution == Decimal("130000.00")
    assert eco_q1.avg_economic_multiplier == Decimal("2.00")
    assert {(r.breakdown, r.period_start) for r in only_industry} == {
        ("industry", date(2024, 1, 1))
    }


def test_bad_breakdown_is_refused(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    me = government_user(conn)
    # The SQL checks it (auxeira.government_impact_rows), for Python and psql alike.
    with (
        pytest.raises(auxeira_db.DataError, match="breakdown"),
        auxeira_db.tenant(app_conn, me),
    ):
        gov.jobs(app_conn, breakdown="city")  # type: ignore[arg-type]
    with (
        pytest.raises(errors.InvalidParameterValue, match="breakdown"),
        auxeira_db.tenant(app_conn, me),
    ):
        app_conn.execute("SELECT * FROM auxeira_dash.government_jobs(NULL, NULL, 'city')")


@pytest.fixture
def compliance_data(conn: psycopg.Connection[Any]) -> dict[str, uuid.UUID]:
    """R1 (gov A, 6 companies, one shares), R2 (gov B, 3 companies, one shares), R3 (platform,
    one company shares)."""
    gov_a, gov_b = government_user(conn), government_user(conn)
    r1 = f.insert(
        conn,
        "regulatory_requirements",
        owner_id=gov_a,
        code="NDPR-DPO",
        name="Data protection officer",
        jurisdiction="Nigeria",
        category="data-protection",
        effective_date=date(2020, 1, 1),
    )
    r2 = f.insert(
        conn,
        "regulatory_requirements",
        owner_id=gov_b,
        code="KE-LIC",
        name="Payments licence",
        jurisdiction="Kenya",
        category="licensing",
        effective_date=date(2021, 1, 1),
    )
    r3 = f.insert(
        conn,
        "regulatory_requirements",
        code="ISO-27001",
        name="Security",
        jurisdiction="International",
        category="other",
        effective_date=date(2019, 1, 1),
    )
    statuses = ["compliant"] * 4 + ["partial", "non-compliant"]
    founders = []
    for i, status in enumerate(statuses):
        founder = f.user(conn)
        founders.append(founder)
        company = f.company(conn, founder, name=f"Compliant {i}")
        f.insert(
            conn,
            "company_compliance",
            company_id=company,
            requirement_id=r1,
            status=status,
            shared_with_regulator=(i == 0),
            notes="private",
        )
        if i < 3:
            f.insert(
                conn,
                "company_compliance",
                company_id=company,
                requirement_id=r2,
                status="pending",
                shared_with_regulator=(i == 1),
            )
        if i == 2:
            f.insert(
                conn,
                "company_compliance",
                company_id=company,
                requirement_id=r3,
                status="compliant",
                shared_with_regulator=True,
            )
    refresh(conn)
    return {
        "gov_a": gov_a,
        "gov_b": gov_b,
        "r1": r1,
        "r2": r2,
        "r3": r3,
        "founder0": founders[0],
        "founder5": founders[5],
    }


def test_compliance_aggregates_and_opt_in(
    app_conn: psycopg.Connection[Any], compliance_data: dict[str, uuid.UUID]
) -> None:
    d = compliance_data
    with auxeira_db.tenant(app_conn, d["gov_a"]):
        report_a = gov.compliance(app_conn)
    with auxeira_db.tenant(app_conn, d["gov_b"]):
        report_b = gov.compliance(app_conn)
    by_id = {r.requirement_id: r for r in report_a.requirements}
    r1, r2, r3 = by_id[d["r1"]], by_id[d["r2"]], by_id[d["r3"]]
    assert (r1.suppressed, r1.companies, r1.compliant, r1.partial, r1.non_compliant) == (
        False,
        6,
        4,
        1,
        1,
    )
    assert r1.compliance_rate == Decimal("0.6667")
    assert r1.published_by_me and not r2.published_by_me
    assert r2.suppressed and r2.companies is None and r2.compliance_rate is None
    assert r3.suppressed
    assert (r1.shared_companies, r2.shared_companies, r3.shared_companies) == (1, 0, 1)
    # Shared rows: the publisher's own requirement and the platform's, never another's.
    assert sorted(s.code for s in report_a.shared) == ["ISO-27001", "NDPR-DPO"]
    assert sorted(s.code for s in report_b.shared) == ["ISO-27001", "KE-LIC"]
    assert {s.company_name for s in report_a.shared} == {"Compliant 0", "Compliant 2"}


def test_compliance_rows_are_private_to_the_company_unless_shared(
    app_conn: psycopg.Connection[Any], compliance_data: dict[str, uuid.UUID]
) -> None:
    d = compliance_data
    query = "SELECT requirement_id, status FROM auxeira.company_compliance"
    with auxeira_db.tenant(app_conn, d["gov_a"]):
        seen_by_a = app_conn.execute(query).fetchall()
        requirements = app_conn.execute(
            "SELECT count(*) FROM auxeira.regulatory_requirements"
        ).fetchone()
    with auxeira_db.tenant(app_conn, d["founder5"]):
        seen_by_founder = app_conn.execute(query).fetchall()
    assert sorted(r[0] for r in seen_by_a) == sorted([d["r1"], d["r3"]])
    assert seen_by_founder == [(d["r1"], "non-compliant")]
    assert requirements == (3,)  # reference data: every signed-in user reads it
    assert app_conn.execute(query).fetchall() == []  # no tenant
    assert app_conn.execute("SELECT * FROM auxeira.regulatory_requirements").fetchall() == []
    app_conn.rollback()


def test_record_policy_and_impact(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    me = government_user(conn)
    with auxeira_db.tenant(app_conn, me):
        policy = gov.record_policy(
            app_conn,
            name="Startup Act grants",
            jurisdiction="Nigeria",
            instrument_type="grant",
            start_date=date(2023, 1, 1),
            budget=Decimal("1000000"),
            target_metrics={"jobs_created": 500, "tax_revenue_generated": 2.5e6},
            target_stage="seed",
        )
        again = gov.record_policy(
            app_conn,
            name="startup act GRANTS",
            jurisdiction="nigeria",
            instrument_type="grant",
            start_date=date(2023, 1, 1),
            budget=Decimal("1200000"),
            target_metrics={"jobs_created": 500},
        )
        impact = gov.record_policy_impact(
            app_conn,
            policy_id=policy.id,
            metric="jobs_created",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            measured=350,
            baseline=100,
            attributed_companies=40,
            methodology="payroll records",
        )
        replaced = gov.record_policy_impact(
            app_conn,
            policy_id=policy.id,
            metric="jobs_created",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            measured=400,
            baseline=100,
            attributed_companies=42,
        )
        gov.record_policy(
            app_conn,
            name="Sandbox",
            jurisdiction="Nigeria",
            instrument_type="regulation",
            start_date=date(2024, 1, 1),
        )
        rows = gov.policies(app_conn)
    assert policy.owner_id == me and policy.target_metrics["jobs_created"] == 500
    assert again.id == policy.id and again.budget == Decimal("1200000.00")
    assert replaced.id == impact.id and replaced.measured == 400
    assert replaced.owner_id == me
    by_name = {r.policy_name: r for r in rows}
    act = by_name["Startup Act grants"]
    assert (act.metric, act.change, act.target) == ("jobs_created", 300, 500)
    assert act.target_attainment == Decimal("0.8000")
    assert act.budget_per_unit_change == Decimal("4000.00")
    assert by_name["Sandbox"].impact_id is None


BAD_POLICIES: list[dict[str, Any]] = [
    {"instrument_type": "loan"},
    {"name": "  "},
    {"jurisdiction": ""},
    {"end_date": date(2022, 1, 1)},
    {"budget": Decimal("-1")},
    {"target_metrics": {"unicorns": 3}},
    {"target_stage": "series-z"},
]


@pytest.mark.parametrize("bad", BAD_POLICIES)
def test_bad_policy_is_refused_and_nothing_written(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], bad: dict[str, Any]
) -> None:
    me = government_user(conn)
    values: dict[str, Any] = {
        "name": "P",
        "jurisdiction": "Kenya",
        "instrument_type": "grant",
        "start_date": date(2023, 1, 1),
    }
    values.update(bad)
    with auxeira_db.tenant(app_conn, me), pytest.raises(auxeira_db.DataError):
        gov.record_policy(app_conn, **values)
    assert conn.execute("SELECT count(*) FROM auxeira.government_policies").fetchone() == (0,)


def test_only_government_users_log_policies(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    with auxeira_db.tenant(app_conn, founder), pytest.raises(auxeira_db.DataError, match="only"):
        gov.record_policy(
            app_conn,
            name="P",
            jurisdiction="K",
            instrument_type="grant",
            start_date=date(2023, 1, 1),
        )
    assert conn.execute("SELECT count(*) FROM auxeira.government_policies").fetchone() == (0,)


def test_bad_impact_is_refused_and_nothing_written(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    me, other = government_user(conn), government_user(conn)
    with auxeira_db.tenant(app_conn, other):
        theirs = gov.record_policy(
            app_conn,
            name="Theirs",
            jurisdiction="Kenya",
            instrument_type="grant",
            start_date=date(2023, 1, 1),
        )
    with auxeira_db.tenant(app_conn, me):
        mine = gov.record_policy(
            app_conn,
            name="Mine",
            jurisdiction="Kenya",
            instrument_type="programme",
            start_date=date(2023, 1, 1),
        )
        good: dict[str, Any] = {
            "policy_id": mine.id,
            "metric": "jobs_created",
            "period_start": date(2023, 1, 1),
            "period_end": date(2023, 3, 31),
            "measured": 10,
        }
        for bad in (
            {"metric": "happiness"},
            {"period_end": date(2022, 12, 31)},
            {"attributed_companies": -1},
            {"policy_id": theirs.id},
            {"policy_id": uuid.uuid4()},
        ):
            with pytest.raises(auxeira_db.DataError):
                gov.record_policy_impact(app_conn, **{**good, **bad})
    assert conn.execute("SELECT count(*) FROM auxeira.government_policy_impacts").fetchone() == (0,)


def test_tenants_are_isolated(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], ecosystem: list[uuid.UUID]
) -> None:
    a, b = government_user(conn), government_user(conn)
    corporate = f.user(conn, "corporate")
    for user, name in ((a, "A policy"), (b, "B policy")):
        with auxeira_db.tenant(app_conn, user):
            policy = gov.record_policy(
                app_conn,
                name=name,
                jurisdiction="Kenya",
                instrument_type="grant",
                start_date=date(2023, 1, 1),
            )
            gov.record_policy_impact(
                app_conn,
                policy_id=policy.id,
                metric="jobs_created",
                period_start=date(2023, 1, 1),
                period_end=date(2023, 12, 31),
                measured=5,
            )
    with auxeira_db.tenant(app_conn, a):
        assert [r.policy_name for r in gov.policies(app_conn)] == ["A policy"]
        for table in ("government_policies", "government_policy_impacts"):
            owners = app_conn.execute(f"SELECT DISTINCT owner_id FROM auxeira.{table}").fetchall()
            assert owners == [(a,)]
        assert gov.economic(app_conn)  # aggregates are shared by design
    # A user of another type, and no tenant at all, get nothing from any government object.
    with auxeira_db.tenant(app_conn, corporate):
        assert gov.economic(app_conn) == gov.jobs(app_conn) == gov.tax_revenue(app_conn) == []
        assert gov.compliance(app_conn) == gov.ComplianceReport([], [])
        assert gov.policies(app_conn) == []
    for read in (
        "government_economic()",
        "government_jobs()",
        "government_tax_revenue()",
        "government_compliance()",
        "government_compliance_companies()",
    ):
        assert app_conn.execute(f"SELECT * FROM auxeira_dash.{read}").fetchall() == []
    assert app_conn.execute("SELECT * FROM auxeira_dash.government_policy_impact").fetchall() == []
    for table in ("government_policies", "government_policy_impacts"):
        assert app_conn.execute(f"SELECT * FROM auxeira.{table}").fetchall() == []
    app_conn.rollback()


def test_every_read_runs_for_a_tenant(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], ecosystem: list[uuid.UUID]
) -> None:
    me = government_user(conn)
    with auxeira_db.tenant(app_conn, me):
        for path, read in gov.READS.items():
            assert path.startswith("GET /api/dashboard/government/")
            read(app_conn)
        shown = gov.show(app_conn)
    assert shown["Economic impact (total per quarter)"]


def test_app_role_cannot_read_the_materialized_views(app_conn: psycopg.Connection[Any]) -> None:
    for view in VIEWS:
        with pytest.raises(errors.InsufficientPrivilege):
            app_conn.execute(f"SELECT * FROM {view}")
        app_conn.rollback()


def test_policy_writes_notify_the_government_channel(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], db_url: str
) -> None:
    me = government_user(conn)
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN auxeira_government")
        with auxeira_db.tenant(app_conn, me):
            policy = gov.record_policy(
                app_conn,
                name="Notify",
                jurisdiction="Ghana",
                instrument_type="tax-credit",
                start_date=date(2024, 1, 1),
            )
            gov.record_policy_impact(
                app_conn,
                policy_id=policy.id,
                metric="jobs_created",
                period_start=date(2024, 1, 1),
                period_end=date(2024, 3, 31),
                measured=3,
            )
        events = list(realtime.listen(listener, ["government"], user_id=me, timeout=2))
    assert [(e.dashboard, e.user_id, e.entity, e.op) for e in events] == [
        ("government", me, "government_policies", "insert"),
        ("government", me, "government_policy_impacts", "insert"),
    ]
    assert events[0].id == str(policy.id)
