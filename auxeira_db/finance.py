"""Investment performance, computed in PostgreSQL and returned as typed dataclasses.

The SQL functions (auxeira.investment_performance, portfolio_performance,
fund_performance, investment_realisations, xirr) are SECURITY INVOKER: called inside
`tenant(conn, user)` they see that tenant's investments only. Every figure is as of an economic
date (default: the server's today), as recorded by a knowledge time (`as_reported`, default:
now) and in one reporting currency (`currency`, default: the holding's, the investor's or the
fund's). Definitions and conventions: sql/functions/040_performance.sql and
docs/INVESTMENT-CONVENTIONS.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
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
    currency: str
    holding_currency: str
    invested: Decimal
    fees: Decimal
    paid_in: Decimal
    distributed: Decimal
    residual_value: Decimal
    total_value: Decimal
    value_basis: str
    mark_date: date | None
    mark_age_days: int | None
    cost_held: Decimal
    moic: Decimal | None
    tvpi: Decimal | None
    dpi: Decimal | None
    rvpi: Decimal | None
    irr: float | None
    since_inception_return: float | None
    holding_days: int | None
    short_holding: bool | None
    realized_return: Decimal
    paper_return: Decimal
    period_start: date
    period_end: date | None
    cash_flow_dates: list[date] | None
    cash_flow_amounts: list[Decimal] | None
    as_of: date  # the day the figures answer for
    converted: bool  # an exchange rate went into the row


@dataclass(frozen=True)
class Realisation:
    """One realisation: a distribution before any exit, or the exit / write-off itself."""

    investment_id: uuid.UUID
    investor_id: uuid.UUID
    company_id: uuid.UUID
    currency: str
    event_date: date
    event_type: str
    proceeds: Decimal
    cost_basis: Decimal
    gain: Decimal
    acquired_on: date


@dataclass(frozen=True)
class PortfolioPerformance:
    """One investor's portfolio as of a date; irr is the pooled IRR of all its flows."""

    investor_id: uuid.UUID
    currency: str
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
    since_inception_return: float | None
    holding_days: int | None
    short_holding: bool | None
    realized_return: Decimal
    paper_return: Decimal
    oldest_mark_date: date | None
    max_mark_age_days: int | None
    as_of: date  # the day the figures answer for
    converted: bool  # an exchange rate went into the row


@dataclass(frozen=True)
class FundPerformance:
    """One fund as of a date, gross (deals only) and net (what LPs earn)."""

    fund_id: uuid.UUID
    manager_id: uuid.UUID
    fund_name: str
    vintage_year: int
    currency: str
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
    short_history: bool
    unfunded_commitment: Decimal
    oldest_mark_date: date | None


def _when(as_of: date | None, as_reported: datetime | None) -> tuple[date | None, datetime | None]:
    as_of = optional_date(as_of, "as_of")
    if as_reported is not None and not isinstance(as_reported, datetime):
        raise InvalidArgument(f"as_reported must be a datetime, not {type(as_reported).__name__}")
    return as_of, as_reported


def _currency(currency: str | None) -> str | None:
    if currency is not None and not isinstance(currency, str):
        raise InvalidArgument(f"currency must be a string, not {type(currency).__name__}")
    return currency


def investment_performance(
    conn: psycopg.Connection[Any],
    as_of: date | None = None,
    investment_id: uuid.UUID | None = None,
    *,
    as_reported: datetime | None = None,
    currency: str | None = None,
    investor_id: uuid.UUID | None = None,
) -> list[InvestmentPerformance]:
    """Every visible investment (or one, or one investor's) as of a date (default: the
    server's today) and as reported at a time (default: now), ordered by investment date."""
    require_connection(conn)
    as_of, as_reported = _when(as_of, as_reported)
    investment_id = optional_uuid(investment_id, "investment_id")
    investor_id = optional_uuid(investor_id, "investor_id")
    with translated(), conn.cursor(row_factory=class_row(InvestmentPerformance)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira.investment_performance("
            " coalesce(%(as_of)s, CURRENT_DATE), %(as_reported)s, %(currency)s, %(investor)s)"
            " WHERE %(investment)s::uuid IS NULL OR investment_id = %(investment)s"
            " ORDER BY investment_date, investment_id",
            {
                "as_of": as_of,
                "as_reported": as_reported,
                "currency": _currency(currency),
                "investor": investor_id,
                "investment": investment_id,
            },
        ).fetchall()


def realisations(
    conn: psycopg.Connection[Any],
    investor_id: uuid.UUID | None = None,
    as_of: date | None = None,
    *,
    as_reported: datetime | None = None,
    currency: str | None = None,
) -> list[Realisation]:
    """Every realisation (partial sales, exits, write-offs) of the visible investments, or of
    one investor's: the one definition of realised gain (average cost)."""
    require_connection(conn)
    as_of, as_reported = _when(as_of, as_reported)
    investor_id = optional_uuid(investor_id, "investor_id")
    with translated(), conn.cursor(row_factory=class_row(Realisation)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira.investment_realisations("
            " coalesce(%s, CURRENT_DATE), %s, %s, %s) ORDER BY event_date, investment_id",
            (as_of, as_reported, _currency(currency), investor_id),
        ).fetchall()


def portfolio_performance(
    conn: psycopg.Connection[Any],
    investor_id: uuid.UUID,
    as_of: date | None = None,
    *,
    as_reported: datetime | None = None,
    currency: str | None = None,
) -> PortfolioPerformance | None:
    """One investor's portfolio, or None when no investment of theirs is visible."""
    require_connection(conn)
    as_of, as_reported = _when(as_of, as_reported)
    investor_id = require_uuid(investor_id, "investor_id")
    with translated(), conn.cursor(row_factory=class_row(PortfolioPerformance)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira.portfolio_performance(coalesce(%s, CURRENT_DATE), %s, %s, %s)",
            (as_of, as_reported, _currency(currency), investor_id),
        ).fetchone()


def fund_performance(
    conn: psycopg.Connection[Any],
    fund_id: uuid.UUID | None = None,
    as_of: date | None = None,
    *,
    as_reported: datetime | None = None,
    currency: str | None = None,
) -> list[FundPerformance]:
    """Every visible fund (or one) as of a date, by vintage and name."""
    require_connection(conn)
    as_of, as_reported = _when(as_of, as_reported)
    fund_id = optional_uuid(fund_id, "fund_id")
    with translated(), conn.cursor(row_factory=class_row(FundPerformance)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira.fund_performance(coalesce(%(as_of)s, CURRENT_DATE),"
            " %(as_reported)s, %(currency)s)"
            " WHERE %(fund)s::uuid IS NULL OR fund_id = %(fund)s ORDER BY vintage_year, fund_name",
            {
                "as_of": as_of,
                "as_reported": as_reported,
                "currency": _currency(currency),
                "fund": fund_id,
            },
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
    return _call_int(
        conn,
        "SELECT auxeira.refresh_investment_metrics(coalesce(%s, CURRENT_DATE))",
        optional_date(as_of, "as_of"),
    )


def snapshot_portfolio_metrics(conn: psycopg.Connection[Any], as_of: date | None = None) -> int:
    """Write one portfolio_metrics row per investor for the date; returns rows written."""
    require_connection(conn)
    return _call_int(
        conn,
        "SELECT auxeira.snapshot_portfolio_metrics(coalesce(%s, CURRENT_DATE))",
        optional_date(as_of, "as_of"),
    )


def _call_int(conn: psycopg.Connection[Any], query: str, as_of: date | None) -> int:
    with translated(), conn.transaction():
        row = conn.execute(query, (as_of,)).fetchone()
    return int(row[0]) if row else 0
