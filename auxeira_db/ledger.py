"""Writing the investment ledger, typed: the VC's and the angel's cash flows, marks, exits and
write-offs (sql/views/investment_ledger.sql).

Call inside `auxeira_db.tenant(conn, investor_id)`. History is append-only: a wrong flow or
mark is reversed (`reverse_flow`, `reverse_mark`) and entered again, and a mark is restated by
recording another one for the same day; figures asked `as_reported` before a correction still
show what was known then. Every function is one SQL call; a refused value raises DataError and
writes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg

from auxeira_db.dashboards import call_write


@dataclass(frozen=True)
class CashFlow:
    id: uuid.UUID
    investment_id: uuid.UUID
    flow_date: date
    flow_type: str
    amount: Decimal
    note: str | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    currency: str
    reverses: uuid.UUID | None


@dataclass(frozen=True)
class Mark:
    id: uuid.UUID
    investment_id: uuid.UUID
    mark_date: date
    holding_value: Decimal
    company_valuation: Decimal | None
    source: str
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    currency: str
    reverses: uuid.UUID | None


@dataclass(frozen=True)
class Reversal:
    reversal_id: uuid.UUID
    reverses: uuid.UUID
    investment_id: uuid.UUID
    created_at: datetime


@dataclass(frozen=True)
class Holding:
    """The investment row after an exit or a write-off (the columns a caller needs)."""

    investment_id: uuid.UUID
    status: str
    exit_date: date | None
    exit_proceeds: Decimal | None
    currency: str


_HOLDING = "id AS investment_id, status, exit_date, exit_proceeds, currency"


def record_flow(
    conn: psycopg.Connection[Any],
    investment_id: uuid.UUID,
    flow_type: str,
    amount: Decimal | int | float,
    flow_date: date | None = None,
    *,
    currency: str | None = None,
    note: str | None = None,
) -> CashFlow:
    """A contribution, follow_on, distribution or fee (amount > 0) of one of the caller's
    investments, dated today unless given, in the investment's currency unless named."""
    return call_write(
        conn,
        CashFlow,
        "SELECT * FROM auxeira_dash.investment_record_flow(investment => %s, flow_type => %s,"
        " amount => %s, flow_date => coalesce(%s, CURRENT_DATE), currency => %s, note => %s)",
        (investment_id, flow_type, amount, flow_date, currency, note),
    )


def record_mark(
    conn: psycopg.Connection[Any],
    investment_id: uuid.UUID,
    holding_value: Decimal | int | float,
    mark_date: date | None = None,
    *,
    currency: str | None = None,
    company_valuation: Decimal | int | float | None = None,
    source: str = "manager",
) -> Mark:
    """A valuation of the caller's stake; a second mark for the same day restates the first."""
    return call_write(
        conn,
        Mark,
        "SELECT * FROM auxeira_dash.investment_record_mark(investment => %s,"
        " holding_value => %s, mark_date => coalesce(%s, CURRENT_DATE), currency => %s,"
        " company_valuation => %s, source => %s)",
        (investment_id, holding_value, mark_date, currency, company_valuation, source),
    )


def reverse_flow(
    conn: psycopg.Connection[Any], cash_flow_id: uuid.UUID, note: str | None = None
) -> Reversal:
    """Cancel one of the caller's cash flows from now on (a reversal row)."""
    return call_write(
        conn,
        Reversal,
        "SELECT * FROM auxeira_dash.investment_reverse_flow(cash_flow => %s, note => %s)",
        (cash_flow_id, note),
    )


def reverse_mark(conn: psycopg.Connection[Any], mark_id: uuid.UUID) -> Reversal:
    """Withdraw one of the caller's marks from now on (a reversal row)."""
    return call_write(
        conn,
        Reversal,
        "SELECT * FROM auxeira_dash.investment_reverse_mark(mark => %s)",
        (mark_id,),
    )


def record_exit(
    conn: psycopg.Connection[Any],
    investment_id: uuid.UUID,
    exit_date: date,
    proceeds: Decimal | int | float,
    exit_valuation: Decimal | int | float | None = None,
) -> Holding:
    """The exit of one of the caller's investments with all the proceeds due (paid then or
    later: record the cash as distributions when it arrives)."""
    return call_write(
        conn,
        Holding,
        f"SELECT {_HOLDING} FROM auxeira_dash.investment_record_exit(investment => %s,"
        " exit_date => %s, proceeds => %s, exit_valuation => %s)",
        (investment_id, exit_date, proceeds, exit_valuation),
    )


def record_write_off(
    conn: psycopg.Connection[Any], investment_id: uuid.UUID, written_off_on: date
) -> Holding:
    """Write one of the caller's investments off on a date (value 0 from then on)."""
    return call_write(
        conn,
        Holding,
        f"SELECT {_HOLDING} FROM auxeira_dash.investment_record_write_off(investment => %s,"
        " written_off_on => %s)",
        (investment_id, written_off_on),
    )
