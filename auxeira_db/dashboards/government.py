"""Government agency dashboard (`/api/dashboard/government/...`), typed.

Reads and writes of sql/views/government.sql and sql/api/government.sql, one statement each.
Call inside `auxeira_db.tenant(conn, user_id)` for a government user; other users and an unset
tenant read nothing. Economic impact, jobs, tax revenue and compliance figures are aggregates
across companies from materialized views (as fresh as their last `auxeira-db refresh`): every
published group covers at least five companies, small groups are merged into '(other)'.
Policies and their measured impact are the caller's own rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

import psycopg
from psycopg.types.json import Jsonb

from auxeira_db.dashboards import (
    Page,
    call_write,
    deprecated_alias,
    fetch_all,
    fetch_page,
    fetch_report,
    rows_as,
)

# For type checkers only: the SQL checks the value (auxeira.government_impact_rows).
Breakdown = Literal["total", "industry", "stage", "region"]


@dataclass(frozen=True)
class EconomicImpact:
    """One quarter and group of auxeira_dash.government_economic()."""

    period_start: date
    breakdown: str
    breakdown_value: str
    companies: int
    gdp_contribution: Decimal | None
    export_revenue: Decimal | None
    r_and_d_spending: Decimal | None
    patents_filed: int | None
    local_supplier_spend: Decimal | None
    community_investment: Decimal | None
    avg_economic_multiplier: Decimal | None


@dataclass(frozen=True)
class JobCreation:
    """One quarter and group of auxeira_dash.government_jobs()."""

    period_start: date
    breakdown: str
    breakdown_value: str
    companies: int
    jobs_created: int | None
    jobs_supported: int | None
    jobs_created_per_company: Decimal | None
    jobs_created_change: int | None


@dataclass(frozen=True)
class TaxRevenue:
    """One quarter and group of auxeira_dash.government_tax_revenue()."""

    period_start: date
    breakdown: str
    breakdown_value: str
    companies: int
    tax_revenue: Decimal | None
    tax_revenue_per_company: Decimal | None
    tax_revenue_change: Decimal | None
    tax_revenue_growth: Decimal | None


@dataclass(frozen=True)
class RequirementCompliance:
    """One requirement of auxeira_dash.government_compliance(); figures NULL when suppressed."""

    requirement_id: uuid.UUID
    code: str
    name: str
    jurisdiction: str
    category: str
    effective_date: date
    published_by_me: bool
    companies: int | None
    compliant: int | None
    partial: int | None
    non_compliant: int | None
    pending: int | None
    not_applicable: int | None
    compliance_rate: Decimal | None
    suppressed: bool
    shared_companies: int


@dataclass(frozen=True)
class SharedCompliance:
    """A company's status it chose to share (auxeira_dash.government_compliance_companies())."""

    requirement_id: uuid.UUID
    code: str
    company_id: uuid.UUID
    company_name: str
    industry: str | None
    stage: str | None
    status: str
    assessed_on: date
    evidence_reference: str | None


@dataclass(frozen=True)
class ComplianceReport:
    """GET /api/dashboard/government/compliance: aggregates and one page of opted-in company
    rows. `next_after` is the cursor of the next page (pass it as `after`), None on the last."""

    requirements: list[RequirementCompliance]
    shared: list[SharedCompliance]
    next_after: tuple[str, str, uuid.UUID] | None = None


@dataclass(frozen=True)
class PolicyImpactRow:
    """A policy and one of its measurements (auxeira_dash.government_policy_impact)."""

    policy_id: uuid.UUID
    policy_name: str
    jurisdiction: str
    instrument_type: str
    start_date: date
    end_date: date | None
    budget: Decimal | None
    impact_id: uuid.UUID | None
    metric: str | None
    period_start: date | None
    period_end: date | None
    baseline: Decimal | None
    measured: Decimal | None
    change: Decimal | None
    target: Decimal | None
    target_attainment: Decimal | None
    budget_per_unit_change: Decimal | None
    attributed_companies: int | None


@dataclass(frozen=True)
class Policy:
    """A row of auxeira.government_policies, as the policy write returns it."""

    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    jurisdiction: str
    instrument_type: str
    description: str | None
    start_date: date
    end_date: date | None
    budget: Decimal | None
    target_metrics: dict[str, Any]
    target_industry: str | None
    target_stage: str | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PolicyImpact:
    """A row of auxeira.government_policy_impacts, as the impact write returns it."""

    id: uuid.UUID
    policy_id: uuid.UUID
    owner_id: uuid.UUID
    metric: str
    period_start: date
    period_end: date
    baseline: Decimal | None
    measured: Decimal
    attributed_companies: int | None
    methodology: str | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


def economic(
    conn: psycopg.Connection[Any],
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    breakdown: Breakdown | None = None,
) -> list[EconomicImpact]:
    """GET /api/dashboard/government/economic: GDP, exports, R&D ... per quarter and group."""
    return fetch_all(
        conn,
        EconomicImpact,
        "SELECT * FROM auxeira_dash.government_economic(period_from => %(period_from)s,"
        " period_to => %(period_to)s, only_breakdown => %(breakdown)s)",
        {"period_from": period_from, "period_to": period_to, "breakdown": breakdown},
    )


def jobs(
    conn: psycopg.Connection[Any],
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    breakdown: Breakdown | None = None,
) -> list[JobCreation]:
    """GET /api/dashboard/government/jobs: jobs created and supported per quarter and group."""
    return fetch_all(
        conn,
        JobCreation,
        "SELECT * FROM auxeira_dash.government_jobs(period_from => %(period_from)s,"
        " period_to => %(period_to)s, only_breakdown => %(breakdown)s)",
        {"period_from": period_from, "period_to": period_to, "breakdown": breakdown},
    )


def tax_revenue(
    conn: psycopg.Connection[Any],
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    breakdown: Breakdown | None = None,
) -> list[TaxRevenue]:
    """GET /api/dashboard/government/tax-revenue: taxes generated per quarter and group."""
    return fetch_all(
        conn,
        TaxRevenue,
        "SELECT * FROM auxeira_dash.government_tax_revenue(period_from => %(period_from)s,"
        " period_to => %(period_to)s, only_breakdown => %(breakdown)s)",
        {"period_from": period_from, "period_to": period_to, "breakdown": breakdown},
    )


def compliance(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 100,
    after: tuple[str, str, uuid.UUID] | None = None,
) -> ComplianceReport:
    """GET /api/dashboard/government/compliance: per requirement, and one page (page_size rows,
    1-500, after the cursor `after`, by requirement code and company name) of the shared
    company rows."""
    after_code, after_name, after_id = after if after is not None else (None, None, None)
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.government_compliance_report(page_size => %(page_size)s,"
        " after_code => %(after_code)s, after_company_name => %(after_company_name)s,"
        " after_company_id => %(after_company_id)s)",
        {
            "page_size": page_size,
            "after_code": after_code,
            "after_company_name": after_name,
            "after_company_id": after_id,
        },
    )
    next_id = report["next_company_id"]
    return ComplianceReport(
        requirements=rows_as(RequirementCompliance, report["requirements"]),
        shared=rows_as(SharedCompliance, report["shared"]),
        next_after=(report["next_code"], report["next_company_name"], next_id)
        if next_id is not None
        else None,
    )


def policies(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[str, uuid.UUID, uuid.UUID] | None = None,
) -> Page[PolicyImpactRow]:
    """The caller's policies with their measured impact (read side of POST .../policy): one
    page (page_size rows, 1-500, by policy name, policy_id, then the measurement's id), after
    the cursor `after` = the last row's policy_name, policy_id and impact_id (its policy_id
    when it has no measurement), with `next_after`."""
    name, policy_id, row_id = after if after is not None else (None, None, None)
    return fetch_page(
        conn,
        PolicyImpactRow,
        "SELECT * FROM auxeira_dash.government_policies_page(page_size => %(page_size)s,"
        " after_policy_name => %(name)s, after_policy_id => %(policy_id)s,"
        " after_row_id => %(row_id)s)",
        {"page_size": page_size, "name": name, "policy_id": policy_id, "row_id": row_id},
        "policies",
        ("next_policy_name", "next_policy_id", "next_row_id"),
    )


def record_policy(
    conn: psycopg.Connection[Any],
    *,
    name: str,
    jurisdiction: str,
    instrument_type: str,
    start_date: date,
    end_date: date | None = None,
    budget: Decimal | int | None = None,
    target_metrics: Mapping[str, Decimal | int | float] | None = None,
    description: str | None = None,
    target_industry: str | None = None,
    target_stage: str | None = None,
    idempotency_key: str | None = None,
) -> Policy:
    """POST /api/dashboard/government/policy: log (or update, same name and jurisdiction) a
    policy. Raises DataError for a refused value; nothing is written then. With an
    `idempotency_key`, a retry returns the first call's row and writes nothing new."""
    targets = {
        key: value if isinstance(value, int) else float(value)
        for key, value in (target_metrics or {}).items()
    }
    return call_write(
        conn,
        Policy,
        "SELECT * FROM auxeira_dash.government_record_policy(name => %(name)s,"
        " jurisdiction => %(jurisdiction)s, instrument_type => %(instrument_type)s,"
        " start_date => %(start_date)s, end_date => %(end_date)s, budget => %(budget)s,"
        " target_metrics => %(target_metrics)s, description => %(description)s,"
        " target_industry => %(target_industry)s, target_stage => %(target_stage)s,"
        " idempotency_key => %(idempotency_key)s)",
        {
            "name": name,
            "jurisdiction": jurisdiction,
            "instrument_type": instrument_type,
            "start_date": start_date,
            "end_date": end_date,
            "budget": budget,
            "target_metrics": Jsonb(targets),
            "description": description,
            "target_industry": target_industry,
            "target_stage": target_stage,
            "idempotency_key": idempotency_key,
        },
    )


def record_policy_impact(
    conn: psycopg.Connection[Any],
    *,
    policy_id: uuid.UUID,
    metric: str,
    period_start: date,
    period_end: date,
    measured: Decimal | int,
    baseline: Decimal | int | None = None,
    attributed_companies: int | None = None,
    methodology: str | None = None,
    idempotency_key: str | None = None,
) -> PolicyImpact:
    """POST /api/dashboard/government/policy: record a policy's measured impact for one metric
    and period (the same again replaces it). Raises DataError for a refused value. With an
    `idempotency_key`, a retry returns the first call's row and writes nothing new."""
    return call_write(
        conn,
        PolicyImpact,
        "SELECT * FROM auxeira_dash.government_record_policy_impact(policy_id => %(policy_id)s,"
        " metric => %(metric)s, period_start => %(period_start)s,"
        " period_end => %(period_end)s, measured => %(measured)s, baseline => %(baseline)s,"
        " attributed_companies => %(attributed_companies)s, methodology => %(methodology)s,"
        " idempotency_key => %(idempotency_key)s)",
        {
            "policy_id": policy_id,
            "metric": metric,
            "period_start": period_start,
            "period_end": period_end,
            "measured": measured,
            "baseline": baseline,
            "attributed_companies": attributed_companies,
            "methodology": methodology,
            "idempotency_key": idempotency_key,
        },
    )


READS: dict[str, Callable[[psycopg.Connection[Any]], object]] = {
    "GET /api/dashboard/government/economic": economic,
    "GET /api/dashboard/government/jobs": jobs,
    "GET /api/dashboard/government/tax-revenue": tax_revenue,
    "GET /api/dashboard/government/compliance": compliance,
}


def show(conn: psycopg.Connection[Any]) -> dict[str, list[Any]]:
    """The government user's dashboard as titled lists of rows, for `auxeira-db show`."""
    report = compliance(conn)
    return {
        "Economic impact (total per quarter)": economic(conn, breakdown="total"),
        "Economic impact by industry": economic(conn, breakdown="industry"),
        "Jobs (total per quarter)": jobs(conn, breakdown="total"),
        "Jobs by region": jobs(conn, breakdown="region"),
        "Tax revenue (total per quarter)": tax_revenue(conn, breakdown="total"),
        "Tax revenue by stage": tax_revenue(conn, breakdown="stage"),
        "Regulatory compliance": list(report.requirements),
        "Compliance shared by companies": list(report.shared),
        "Policies and measured impact": policies(conn),
    }


# Former names (0017: one verb, `record`, for every write), kept for one release.
log_policy = deprecated_alias(record_policy, "log_policy")
log_policy_impact = deprecated_alias(record_policy_impact, "log_policy_impact")
