"""Government agency dashboard (`/api/dashboard/government/...`), typed.

Reads and writes of sql/views/government.sql. Call inside `auxeira_db.tenant(conn, user_id)`
for a government user; other users and an unset tenant read nothing. Economic impact, jobs,
tax revenue and compliance figures are aggregates across companies from materialized views
(as fresh as their last `auxeira-db refresh`): every published group covers at least five
companies, small groups are merged into '(other)'. Policies and their measured impact are the
caller's own rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar

import psycopg
from psycopg.types.json import Jsonb

from auxeira_db.dashboards import call_write, fetch_all
from auxeira_db.db import translate
from auxeira_db.errors import DataError

T = TypeVar("T")

Breakdown = Literal["total", "industry", "stage", "region"]
BREAKDOWNS: tuple[str, ...] = ("total", "industry", "stage", "region")
INSTRUMENT_TYPES: tuple[str, ...] = ("grant", "tax-credit", "regulation", "programme")
METRICS: tuple[str, ...] = (
    "jobs_created",
    "jobs_supported",
    "tax_revenue_generated",
    "gdp_contribution",
    "export_revenue",
    "r_and_d_spending",
    "patents_filed",
    "local_supplier_spend",
    "community_investment",
    "companies_supported",
    "private_investment_leveraged",
)


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
    """GET /api/dashboard/government/compliance: aggregates and opted-in company rows."""

    requirements: list[RequirementCompliance]
    shared: list[SharedCompliance]


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


def _write(conn: psycopg.Connection[Any], cls: type[T], query: str, params: Sequence[Any]) -> T:
    """call_write, also turning class 22 errors (invalid_parameter_value, numeric overflow ...)
    into auxeira_db.DataError: psycopg files them under psycopg.DataError."""
    try:
        return call_write(conn, cls, query, params)
    except psycopg.DataError as exc:
        raise translate(exc) from None


def _breakdown(breakdown: str | None) -> str | None:
    if breakdown is not None and breakdown not in BREAKDOWNS:
        raise DataError(f"breakdown must be one of {', '.join(BREAKDOWNS)}, not {breakdown!r}")
    return breakdown


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
        "SELECT * FROM auxeira_dash.government_economic(%s, %s, %s)",
        (period_from, period_to, _breakdown(breakdown)),
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
        "SELECT * FROM auxeira_dash.government_jobs(%s, %s, %s)",
        (period_from, period_to, _breakdown(breakdown)),
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
        "SELECT * FROM auxeira_dash.government_tax_revenue(%s, %s, %s)",
        (period_from, period_to, _breakdown(breakdown)),
    )


def compliance(
    conn: psycopg.Connection[Any], *, limit: int = 100, offset: int = 0
) -> ComplianceReport:
    """GET /api/dashboard/government/compliance: per requirement, and one page (`limit` rows
    from `offset`, by requirement code and company name) of the shared company rows."""
    return ComplianceReport(
        requirements=fetch_all(
            conn, RequirementCompliance, "SELECT * FROM auxeira_dash.government_compliance()"
        ),
        shared=fetch_all(
            conn,
            SharedCompliance,
            "SELECT * FROM auxeira_dash.government_compliance_companies() LIMIT %s OFFSET %s",
            (limit, offset),
        ),
    )


def policies(conn: psycopg.Connection[Any]) -> list[PolicyImpactRow]:
    """The caller's policies with their measured impact (read side of POST .../policy)."""
    return fetch_all(
        conn,
        PolicyImpactRow,
        "SELECT * FROM auxeira_dash.government_policy_impact"
        " ORDER BY policy_name, policy_id, metric, period_start",
    )


def log_policy(
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
) -> Policy:
    """POST /api/dashboard/government/policy: log (or update, same name and jurisdiction) a
    policy. Raises DataError for a refused value; nothing is written then."""
    targets = {
        key: value if isinstance(value, int) else float(value)
        for key, value in (target_metrics or {}).items()
    }
    return _write(
        conn,
        Policy,
        "SELECT * FROM auxeira_dash.government_log_policy("
        "name => %s, jurisdiction => %s, instrument_type => %s, start_date => %s,"
        " end_date => %s, budget => %s, target_metrics => %s, description => %s,"
        " target_industry => %s, target_stage => %s)",
        (
            name,
            jurisdiction,
            instrument_type,
            start_date,
            end_date,
            budget,
            Jsonb(targets),
            description,
            target_industry,
            target_stage,
        ),
    )


def log_policy_impact(
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
) -> PolicyImpact:
    """POST /api/dashboard/government/policy: record a policy's measured impact for one metric
    and period (the same again replaces it). Raises DataError for a refused value."""
    return _write(
        conn,
        PolicyImpact,
        "SELECT * FROM auxeira_dash.government_log_policy_impact("
        "policy_id => %s, metric => %s, period_start => %s, period_end => %s,"
        " measured => %s, baseline => %s, attributed_companies => %s, methodology => %s)",
        (
            policy_id,
            metric,
            period_start,
            period_end,
            measured,
            baseline,
            attributed_companies,
            methodology,
        ),
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
