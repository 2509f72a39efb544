"""Investment performance, computed in PostgreSQL and returned as typed dataclasses.

The SQL functions (auxeira.investment_performance, portfolio_performance,
fund_performance, xirr) are SECURITY INVOKER: called inside `tenant(conn, user)`
they see that tenant's investments only. Definitions: sql/functions/040_performance.sql.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import class_row

from auxeira_db.arguments import (
    optional_date,
    optional_uuid,
    require_connection,
    require_date,
    require_number,
    require_uuid,
)
from auxeira_db.db import translated
from auxeira_db.errors import InvalidArgument


@dataclass(frozen=True)
class InvestmentPerformance:
    """One investment as of a date. Ratios are None when their denominator is zero."""

    investment_id: uuid.UUID
    investor_id: uuid.UUID
    company_id: uuid.UUID
    fund_id: uuid.UUID | None
    status: str
    investment_date: date
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
    realized_return: Decimal
    paper_return: Decimal


@dataclass(frozen=True)
class PortfolioPerformance:
    """One investor's portfolio as of a date; irr is the pooled IRR of all its flows."""

    investor_id: uuid.UUID
    investments: int
    active_investments: int
    exited_investments: int
    written_off_investments: int
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
    realized_return: Decimal
    paper_return: Decimal


@dataclass(frozen=True)
class FundPerformance:
    """One fund as of a date, gross (deals only) and net (what LPs earn)."""

    fund_id: uuid.UUID
    manager_id: uuid.UUID
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


def _as_of(as_of: date | None) -> date:
    return optional_date(as_of, "as_of") or date.today()


def investment_performance(
    conn: psycopg.Connection[Any],
    as_of: date | None = None,
    investment_id: uuid.UUID | None = None,
) -> list[InvestmentPerformance]:
    """Every visible investment (or one) as of a date, ordered by investment date."""
    require_connection(conn)
    as_of = _as_of(as_of)
    investment_id = optional_uuid(investment_id, "investment_id")
    with translated(), conn.cursor(row_factory=class_row(InvestmentPerformance)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira.investment_performance(%s)"
            " WHERE %s::uuid IS NULL OR investment_id = %s"
            " ORDER BY investment_date, investment_id",
            (as_of, investment_id, investment_id),
        ).fetchall()


def portfolio_performance(
    conn: psycopg.Connection[Any], investor_id: uuid.UUID, as_of: date | None = None
) -> PortfolioPerformance | None:
    """One investor's portfolio, or None when no investment of theirs is visible."""
    require_connection(conn)
    as_of = _as_of(as_of)
    investor_id = require_uuid(investor_id, "investor_id")
    with translated(), conn.cursor(row_factory=class_row(PortfolioPerformance)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira.portfolio_performance(%s) WHERE investor_id = %s",
            (as_of, investor_id),
        ).fetchone()


def fund_performance(
    conn: psycopg.Connection[Any], fund_id: uuid.UUID | None = None, as_of: date | None = None
) -> list[FundPerformance]:
    """Every visible fund (or one) as of a date, by vintage and name."""
    require_connection(conn)
    as_of = _as_of(as_of)
    fund_id = optional_uuid(fund_id, "fund_id")
    with translated(), conn.cursor(row_factory=class_row(FundPerformance)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira.fund_performance(%s)"
            " WHERE %s::uuid IS NULL OR fund_id = %s ORDER BY vintage_year, fund_name",
            (as_of, fund_id, fund_id),
        ).fetchall()


def xirr(
    conn: psycopg.Connection[Any], amounts: Sequence[Decimal | float | int], dates: Sequence[date]
) -> float | None:
    """The annual rate (Actual/365) at which the flows' net present value is zero, or None."""
    require_connection(conn)
    for name, values in (("amounts", amounts), ("dates", dates)):
        if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
            raise InvalidArgument(f"{name} must be a sequence, not {type(values).__name__}")
    if len(amounts) != len(dates):
        raise InvalidArgument("amounts and dates must have the same length")
    numbers = [require_number(a, f"amounts[{i}]") for i, a in enumerate(amounts)]
    days = [require_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
    with translated():
        row = conn.execute(
            "SELECT auxeira.xirr(%s::numeric[], %s::date[])", (numbers, days)
        ).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def refresh_investment_metrics(conn: psycopg.Connection[Any], as_of: date | None = None) -> int:
    """Recompute the stored investments.irr/moic/tvpi/dpi/returns; returns rows changed."""
    require_connection(conn)
    return _call_int(conn, "SELECT auxeira.refresh_investment_metrics(%s)", _as_of(as_of))


def snapshot_portfolio_metrics(conn: psycopg.Connection[Any], as_of: date | None = None) -> int:
    """Write one portfolio_metrics row per investor for the date; returns rows written."""
    require_connection(conn)
    return _call_int(conn, "SELECT auxeira.snapshot_portfolio_metrics(%s)", _as_of(as_of))


def _call_int(conn: psycopg.Connection[Any], query: str, as_of: date) -> int:
    with translated(), conn.transaction():
        row = conn.execute(query, (as_of,)).fetchone()
    return int(row[0]) if row else 0
