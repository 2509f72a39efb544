"""Venture-capital dashboard (`/api/dashboard/vc/...`), typed.

Reads of sql/views/vc.sql, writes and reports of sql/api/vc.sql. Call inside
`auxeira_db.tenant(conn, vc_user_id)`; without a tenant the reads return nothing. The figures
(MOIC, TVPI, DPI, IRR, residual value) are those of sql/functions/040_performance.sql;
docs/DASHBOARDS.md maps every endpoint.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg

from auxeira_db.dashboards import (
    call_write,
    deprecated_alias,
    fetch_all,
    fetch_report,
    row_as,
    rows_as,
)


@dataclass(frozen=True)
class Holding:
    """GET portfolio: one investment as of today; value is the residual value."""

    investment_id: uuid.UUID
    company_id: uuid.UUID
    company_name: str | None
    industry: str | None
    company_stage: str | None
    investment_round: str | None
    fund_id: uuid.UUID | None
    fund_name: str | None
    investment_date: date
    status: str
    invested: Decimal
    fees: Decimal
    paid_in: Decimal
    distributed: Decimal
    value: Decimal
    total_value: Decimal
    moic: Decimal | None
    tvpi: Decimal | None
    dpi: Decimal | None
    irr: float | None
    realized_return: Decimal
    paper_return: Decimal
    currency: str  # the portfolio's reporting currency (every money column of the row)
    holding_currency: str  # the cheque's currency
    value_basis: str  # mark, cost, exit proceeds or written-off
    mark_date: date | None
    mark_age_days: int | None
    since_inception_return: float | None  # not annualised; irr is None under 365 days
    short_holding: bool | None
    holding_days: int | None


@dataclass(frozen=True)
class PortfolioTotals:
    """GET portfolio: the whole portfolio; irr is the pooled IRR of all flows."""

    investments: int
    active_investments: int
    exited_investments: int
    written_off_investments: int
    invested: Decimal
    fees: Decimal
    paid_in: Decimal
    distributed: Decimal
    value: Decimal
    total_value: Decimal
    moic: Decimal | None
    tvpi: Decimal | None
    dpi: Decimal | None
    rvpi: Decimal | None
    irr: float | None
    realized_return: Decimal
    paper_return: Decimal
    snapshot_date: date | None
    unicorn_count: int | None
    top_quartile_count: int | None
    currency: str
    since_inception_return: float | None
    short_holding: bool | None
    oldest_mark_date: date | None
    max_mark_age_days: int | None


@dataclass(frozen=True)
class Portfolio:
    holdings: list[Holding]
    totals: PortfolioTotals | None  # None without investments


@dataclass(frozen=True)
class Deal:
    """GET deals: one deal of the pipeline (stage_rank 1 = sourced ... 6 = passed)."""

    deal_id: uuid.UUID
    company_id: uuid.UUID | None
    company_name: str
    industry: str | None
    investment_round: str | None
    stage: str
    stage_rank: int
    ask_amount: Decimal | None
    pre_money_valuation: Decimal | None
    sourced_on: date
    expected_close_on: date | None
    decided_on: date | None
    days_in_pipeline: int
    owner_name: str | None
    source: str | None
    fund_id: uuid.UUID | None
    investment_id: uuid.UUID | None
    updated_at: datetime


@dataclass(frozen=True)
class DealStage:
    """GET deals: one stage of the funnel, with its count and total ask (0 when empty)."""

    stage: str
    stage_rank: int
    deals: int
    total_ask: Decimal


@dataclass(frozen=True)
class DealFlow:
    deals: list[Deal]
    stages: list[DealStage]
    next_after: tuple[date, uuid.UUID] | None = None


@dataclass(frozen=True)
class PerformanceGroup:
    """GET performance: one group of one dimension, as of the last refresh (as_of)."""

    investor_id: uuid.UUID  # the current user (the row of auxeira_mv.vc_performance)
    dimension: str  # fund, vintage, stage or industry
    group_key: str
    group_label: str
    investments: int
    companies: int
    invested: Decimal
    fees: Decimal
    paid_in: Decimal
    distributed: Decimal
    residual_value: Decimal
    total_value: Decimal
    moic: Decimal | None
    tvpi: Decimal | None
    dpi: Decimal | None
    rvpi: Decimal | None
    irr: float | None
    as_of: date
    currency: str
    short_holding: bool


@dataclass(frozen=True)
class RecordedInvestment:
    """POST investment: the investment written and the id of its first cash flow."""

    investment_id: uuid.UUID
    cash_flow_id: uuid.UUID
    investor_id: uuid.UUID
    company_id: uuid.UUID
    fund_id: uuid.UUID | None
    investment_round: str | None
    amount: Decimal
    equity_percentage: Decimal | None
    pre_money_valuation: Decimal | None
    post_money_valuation: Decimal | None
    investment_date: date
    status: str


@dataclass(frozen=True)
class LpFund:
    """GET lp-report: one fund, gross (deals only) and net (what LPs earn)."""

    fund_id: uuid.UUID
    fund_name: str
    vintage_year: int
    committed_capital: Decimal
    investments: int
    invested: Decimal
    deal_fees: Decimal
    fund_fees: Decimal
    carried_interest: Decimal
    paid_in: Decimal
    gross_distributed: Decimal
    net_distributed: Decimal
    residual_value: Decimal
    gross_moic: Decimal | None
    gross_tvpi: Decimal | None
    net_tvpi: Decimal | None
    net_dpi: Decimal | None
    net_rvpi: Decimal | None
    gross_irr: float | None
    net_irr: float | None
    unfunded_commitment: Decimal
    premium_purchased: bool
    reporting_currency: str
    short_history: bool
    oldest_mark_date: date | None


@dataclass(frozen=True)
class LpScheduleRow:
    """GET lp-report: one investment of a fund in the schedule of investments."""

    fund_id: uuid.UUID
    fund_name: str
    investment_id: uuid.UUID
    company_id: uuid.UUID
    company_name: str | None
    industry: str | None
    investment_round: str | None
    investment_date: date
    status: str
    invested: Decimal
    fees: Decimal
    distributed: Decimal
    residual_value: Decimal
    total_value: Decimal
    moic: Decimal | None
    tvpi: Decimal | None
    irr: float | None
    reporting_currency: str
    holding_currency: str
    value_basis: str
    mark_date: date | None
    mark_age_days: int | None
    since_inception_return: float | None
    short_holding: bool | None


@dataclass(frozen=True)
class LpReport:
    funds: list[LpFund]
    schedule: list[LpScheduleRow]


@dataclass(frozen=True)
class LpReportPurchase:
    """POST lp-report/purchase: the recorded purchase (the same row for a retried request)."""

    id: uuid.UUID
    buyer_id: uuid.UUID
    fund_id: uuid.UUID
    payment_reference: str
    payment_provider: str
    amount: Decimal
    currency: str
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    price_id: uuid.UUID | None  # the auxeira.price_list row charged (None before 0009)


def portfolio(conn: psycopg.Connection[Any]) -> Portfolio:
    """GET /api/dashboard/vc/portfolio: holdings (newest first) and totals, as of today."""
    report = fetch_report(conn, "SELECT * FROM auxeira_dash.vc_portfolio_report()")
    return Portfolio(
        holdings=rows_as(Holding, report["holdings"]),
        totals=row_as(PortfolioTotals, report["totals"]),
    )


def deals(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[date, uuid.UUID] | None = None,
) -> DealFlow:
    """GET /api/dashboard/vc/deals: one page of the pipeline (page_size rows, 1-500, newest
    sourced first, after the cursor `after` = the last row's sourced_on and deal id) with
    `next_after`, and the count per stage of the whole pipeline."""
    after_sourced_on, after_id = after if after is not None else (None, None)
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.vc_deals_report(page_size => %(page_size)s,"
        " after_sourced_on => %(after_sourced_on)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_sourced_on": after_sourced_on, "after_id": after_id},
    )
    next_sourced_on, next_id = report["next_sourced_on"], report["next_id"]
    return DealFlow(
        deals=rows_as(Deal, report["deals"]),
        stages=rows_as(DealStage, report["stages"]),
        next_after=(next_sourced_on, next_id) if next_id is not None else None,
    )


def performance(conn: psycopg.Connection[Any], by: str | None = None) -> list[PerformanceGroup]:
    """GET /api/dashboard/vc/performance: IRR, TVPI, DPI, MOIC by fund, vintage, stage, industry.

    `by` keeps one dimension (an unknown one raises DataError, from SQL). Figures are as of the
    last refresh of auxeira_mv.vc_performance.
    """
    return fetch_all(
        conn,
        PerformanceGroup,
        "SELECT * FROM auxeira_dash.vc_performance(by => %(by)s)",
        {"by": by},
    )


def record_investment(
    conn: psycopg.Connection[Any],
    company_id: uuid.UUID,
    *,
    amount: Decimal,
    investment_date: date,
    investment_round: str | None = None,
    fund_id: uuid.UUID | None = None,
    pre_money_valuation: Decimal | None = None,
    post_money_valuation: Decimal | None = None,
    equity_percentage: Decimal | None = None,
    lead_investor: bool = False,
    board_seat: bool = False,
    deal_id: uuid.UUID | None = None,
    note: str | None = None,
    currency: str | None = None,
    idempotency_key: str | None = None,
) -> RecordedInvestment:
    """POST /api/dashboard/vc/investment: the investment and its first cash flow, in one call.

    `currency` is the cheque's (ISO 4217); None takes the fund's, else USD. Raises DataError
    for a refused value (unknown company or currency, amount <= 0, a fund of someone else,
    post-money <> pre-money + amount, equity <> amount / post-money, ...).
    With an `idempotency_key`, a retry with the same key returns the first call's result and
    writes nothing new.
    """
    return call_write(
        conn,
        RecordedInvestment,
        "SELECT * FROM auxeira_dash.vc_record_investment("
        "company_id => %(company_id)s, amount => %(amount)s,"
        " investment_date => %(investment_date)s, investment_round => %(investment_round)s,"
        " fund_id => %(fund_id)s, pre_money_valuation => %(pre_money_valuation)s,"
        " post_money_valuation => %(post_money_valuation)s,"
        " equity_percentage => %(equity_percentage)s, lead_investor => %(lead_investor)s,"
        " board_seat => %(board_seat)s, deal_id => %(deal_id)s, note => %(note)s,"
        " currency => %(currency)s, idempotency_key => %(idempotency_key)s)",
        {
            "company_id": company_id,
            "amount": amount,
            "investment_date": investment_date,
            "investment_round": investment_round,
            "fund_id": fund_id,
            "pre_money_valuation": pre_money_valuation,
            "post_money_valuation": post_money_valuation,
            "equity_percentage": equity_percentage,
            "lead_investor": lead_investor,
            "board_seat": board_seat,
            "deal_id": deal_id,
            "note": note,
            "currency": currency,
            "idempotency_key": idempotency_key,
        },
    )


def lp_report(
    conn: psycopg.Connection[Any],
    fund_id: uuid.UUID | None = None,
    as_of: date | None = None,
    *,
    as_reported: datetime | None = None,
    currency: str | None = None,
) -> LpReport:
    """GET /api/dashboard/vc/lp-report: per fund figures and the schedule of investments.

    `fund_id` keeps one fund; `as_of` defaults to the database's current date; `as_reported`
    shows what was known at that time (restatements and late entries after it left out);
    `currency` reports every fund in one currency instead of each fund's own.
    """
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.vc_lp_report(fund => %(fund_id)s, as_of => %(as_of)s,"
        " as_reported => %(as_reported)s, currency => %(currency)s)",
        {"fund_id": fund_id, "as_of": as_of, "as_reported": as_reported, "currency": currency},
    )
    return LpReport(
        funds=rows_as(LpFund, report["funds"]), schedule=rows_as(LpScheduleRow, report["schedule"])
    )


def purchase_lp_report(
    conn: psycopg.Connection[Any],
    fund_id: uuid.UUID,
    *,
    payment_reference: str,
    amount: Decimal,
    currency: str = "USD",
    payment_provider: str = "stripe",
    idempotency_key: str | None = None,
) -> LpReportPurchase:
    """POST /api/dashboard/vc/lp-report/purchase at the list price, idempotent on
    `payment_reference`.

    `amount` is what the payment provider charged: it must equal the price of the premium LP
    report in `currency` in auxeira.price_list (else DataError); the row records the list
    price. The same reference again returns the row already recorded; the same reference with
    another fund, amount, currency or provider raises DataError; another account's reference
    is refused with psycopg.errors.InsufficientPrivilege (a reference is bound to its buyer).
    With an `idempotency_key`, a retry with the same key returns the first call's result and
    writes nothing new.
    """
    return call_write(
        conn,
        LpReportPurchase,
        "SELECT * FROM auxeira_dash.vc_purchase_lp_report("
        "fund_id => %(fund_id)s, payment_reference => %(payment_reference)s, amount => %(amount)s,"
        " currency => %(currency)s, payment_provider => %(payment_provider)s,"
        " idempotency_key => %(idempotency_key)s)",
        {
            "fund_id": fund_id,
            "payment_reference": payment_reference,
            "amount": amount,
            "currency": currency,
            "payment_provider": payment_provider,
            "idempotency_key": idempotency_key,
        },
    )


READS: dict[str, Callable[[psycopg.Connection[Any]], object]] = {
    "GET /api/dashboard/vc/portfolio": portfolio,
    "GET /api/dashboard/vc/deals": deals,
    "GET /api/dashboard/vc/performance": performance,
    "GET /api/dashboard/vc/lp-report": lp_report,
}


def show(conn: psycopg.Connection[Any]) -> dict[str, list[Any]]:
    """The VC's dashboard as titled lists of rows, for `auxeira-db show vc`."""
    held = portfolio(conn)
    flow = deals(conn)
    report = lp_report(conn)
    return {
        "Portfolio totals": [held.totals] if held.totals is not None else [],
        "Holdings": list(held.holdings),
        "Deal flow by stage": list(flow.stages),
        "Deals": list(flow.deals),
        "Performance (as of the last refresh)": list(performance(conn)),
        "LP report: funds": list(report.funds),
        "LP report: schedule of investments": list(report.schedule),
    }


# Former names (0017: one verb, `record`, for every write), kept for one release.
log_investment = deprecated_alias(record_investment, "log_investment")
LoggedInvestment = RecordedInvestment
