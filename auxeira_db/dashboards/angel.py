"""Angel-investor dashboard (`/api/dashboard/angel/...`), typed.

Reads of sql/views/angel.sql, writes and reports of sql/api/angel.sql. Call inside
`auxeira_db.tenant(conn, angel_user_id)`; without a tenant the reads return nothing. The
portfolio figures are those of sql/functions/040_performance.sql; the tax report matches the
realisations of auxeira.investment_realisations to lots by the rules of the user's jurisdiction
(sql/functions/100_tax_lots.sql, docs/TAX-LOTS.md; not tax advice).
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
    Page,
    call_write,
    deprecated_alias,
    fetch_page,
    fetch_report,
    row_as,
    rows_as,
)


@dataclass(frozen=True)
class Holding:
    """GET portfolio: one personal investment as of today; value is the residual value."""

    investment_id: uuid.UUID
    company_id: uuid.UUID
    company_name: str | None
    industry: str | None
    company_stage: str | None
    investment_round: str | None
    investment_date: date
    status: str
    equity_percentage: Decimal | None
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
    irr: float | None
    realized_return: Decimal
    paper_return: Decimal
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
class NetworkConnection:
    """GET network: an accepted connection; direction sent = the current user asked."""

    connection_id: uuid.UUID
    counterpart_id: uuid.UUID
    direction: str
    connection_type: str
    connected_at: datetime | None


@dataclass(frozen=True)
class ConnectionRequest:
    """GET network: a request still waiting for the addressee's answer."""

    connection_id: uuid.UUID
    counterpart_id: uuid.UUID
    direction: str  # received (answer it) or sent
    connection_type: str
    message: str | None
    requested_at: datetime


@dataclass(frozen=True)
class ConnectionCount:
    """GET network: per connection type, accepted connections and pending requests."""

    connection_type: str
    accepted: int
    pending_received: int
    pending_sent: int


@dataclass(frozen=True)
class Network:
    connections: list[NetworkConnection]
    requests: list[ConnectionRequest]
    counts: list[ConnectionCount]
    next_after: tuple[datetime, uuid.UUID] | None = None
    # the cursor of the second page of `requests` (0026: `requests` is their first page)
    next_requests_after: tuple[datetime, uuid.UUID] | None = None


@dataclass(frozen=True)
class Connection:
    """A row of auxeira.connections, as the network writes return it."""

    id: uuid.UUID
    requester_id: uuid.UUID
    addressee_id: uuid.UUID
    connection_type: str
    status: str
    message: str | None
    responded_at: datetime | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SyndicateOpportunity:
    """GET syndicate: an open syndicate; committed_total and member_count for its lead only."""

    syndicate_id: uuid.UUID
    name: str
    description: str | None
    company_id: uuid.UUID
    company_name: str | None  # None when the companies policies hide the company
    industry: str | None
    investment_round: str | None
    lead_id: uuid.UUID
    is_lead: bool
    target_amount: Decimal
    min_ticket: Decimal
    carry_percentage: Decimal
    deadline: date
    days_left: int
    status: str
    my_commitment: Decimal | None
    committed_total: Decimal | None
    member_count: int | None


@dataclass(frozen=True)
class SyndicateMembershipView:
    """GET syndicate: one of the current user's memberships, with the syndicate's terms."""

    membership_id: uuid.UUID
    syndicate_id: uuid.UUID
    syndicate_name: str
    company_id: uuid.UUID
    lead_id: uuid.UUID
    syndicate_status: str
    deadline: date
    carry_percentage: Decimal
    commitment_amount: Decimal
    status: str
    joined_at: datetime


@dataclass(frozen=True)
class Syndicates:
    opportunities: list[SyndicateOpportunity]
    memberships: list[SyndicateMembershipView]
    next_after: tuple[date, uuid.UUID] | None = None  # the cursor of the next page, if any


@dataclass(frozen=True)
class SyndicateMember:
    """A row of auxeira.syndicate_members, as angel_join_syndicate() returns it."""

    id: uuid.UUID
    syndicate_id: uuid.UUID
    member_id: uuid.UUID
    commitment_amount: Decimal
    status: str
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RecordedInvestment:
    """POST investment: the investment written and the id of its first cash flow."""

    investment_id: uuid.UUID
    cash_flow_id: uuid.UUID
    investor_id: uuid.UUID
    company_id: uuid.UUID
    fund_id: uuid.UUID | None  # always None: an angel invests personally
    investment_round: str | None
    amount: Decimal
    equity_percentage: Decimal | None
    pre_money_valuation: Decimal | None
    post_money_valuation: Decimal | None
    investment_date: date
    status: str


@dataclass(frozen=True)
class TaxEvent:
    """GET tax-report: one disposal (partial sale, exit or write-off) matched to one lot.

    Not tax advice: the rules and sources are in docs/TAX-LOTS.md."""

    id: uuid.UUID  # stable: the keyset of the paged list
    disposal_id: uuid.UUID
    investment_id: uuid.UUID
    company_id: uuid.UUID
    company_name: str | None
    event_date: date
    tax_year: int  # the jurisdiction's, named by the year it starts in
    jurisdiction: str
    event_type: str  # distribution, exit or write-off
    lot_id: uuid.UUID
    rule: str  # specific, fifo (US); same-day, bed-and-breakfast, section-104 (UK)
    shares: Decimal
    proceeds: Decimal
    cost_basis: Decimal
    gain: Decimal
    acquired_on: date
    shares_issued_on: date
    holding_days: int
    long_term: bool | None  # US: held more than one year; None elsewhere
    currency: str
    cost_fx_rate: Decimal
    proceeds_fx_rate: Decimal
    relief: str  # none, qsbs, eis, seis
    company_conditions_confirmed: bool
    relief_tiers: list[Any] | None  # [{"from": date, "rate": fraction}, ...]
    relief_rate_reached: Decimal
    before_relief_clock: bool | None


@dataclass(frozen=True)
class TaxYear:
    """GET tax-report: realised gains and losses of one tax year of the jurisdiction."""

    tax_year: int
    events: int
    proceeds: Decimal
    cost_basis: Decimal
    short_term_gain: Decimal | None  # US only
    long_term_gain: Decimal | None  # US only
    gains: Decimal
    losses: Decimal
    net_gain: Decimal
    jurisdiction: str
    currency: str
    disposals_before_relief_clock: int


@dataclass(frozen=True)
class TaxPosition:
    """GET tax-report: what is left of one lot today, with its clocks."""

    lot_id: uuid.UUID
    investment_id: uuid.UUID
    company_id: uuid.UUID
    company_name: str | None
    acquired_on: date
    shares_issued_on: date
    acquired_by: str
    shares: Decimal
    shares_stated: bool
    cost_basis: Decimal
    currency: str
    fx_rate: Decimal
    long_term_from: date | None
    relief: str
    company_conditions_confirmed: bool
    relief_tiers: list[Any] | None
    qsbs_cap_usd: Decimal | None
    relief_rate_reached: Decimal


@dataclass(frozen=True)
class TaxReport:
    jurisdiction: str
    years: list[TaxYear]
    events: list[TaxEvent]
    positions: list[TaxPosition]  # the first page of the lots held (tax_positions: the next)
    next_after: tuple[date, uuid.UUID] | None  # the cursor of the next page of events
    next_positions_after: tuple[date, uuid.UUID] | None  # ... and of the lots held


@dataclass(frozen=True)
class TaxProfile:
    """POST tax-jurisdiction: the caller's jurisdiction."""

    user_id: uuid.UUID
    jurisdiction: str
    written_at: datetime


@dataclass(frozen=True)
class LotFacts:
    """POST tax-lot: what the caller states about one lot."""

    lot_id: uuid.UUID
    investment_id: uuid.UUID
    investor_id: uuid.UUID
    shares: Decimal | None
    shares_issued_on: date | None
    acquired_by: str
    relief: str
    company_conditions_confirmed: bool
    written_at: datetime


@dataclass(frozen=True)
class DisposalFacts:
    """POST tax-disposal: the shares a partial sale sold and the lots it names."""

    disposal_id: uuid.UUID
    investment_id: uuid.UUID
    investor_id: uuid.UUID
    shares: Decimal
    lots: dict[str, Any]
    written_at: datetime


def portfolio(conn: psycopg.Connection[Any]) -> Portfolio:
    """GET /api/dashboard/angel/portfolio: holdings (newest first) and totals, as of today."""
    report = fetch_report(conn, "SELECT * FROM auxeira_dash.angel_portfolio_report()")
    return Portfolio(
        holdings=rows_as(Holding, report["holdings"]),
        totals=row_as(PortfolioTotals, report["totals"]),
    )


def network(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> Network:
    """GET /api/dashboard/angel/network: one page of connections (page_size rows, 1-500, newest
    first, after the cursor `after` = the last row's connected_at and id) with `next_after`,
    the first page of the pending requests (`next_requests_after`: see `requests`) and the
    counts per type."""
    after_connected_at, after_id = after if after is not None else (None, None)
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.angel_network_report(page_size => %(page_size)s,"
        " after_connected_at => %(after_connected_at)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_connected_at": after_connected_at, "after_id": after_id},
    )
    next_connected_at, next_id = report["next_connected_at"], report["next_id"]
    return Network(
        connections=rows_as(NetworkConnection, report["connections"]),
        requests=rows_as(ConnectionRequest, report["requests"]),
        counts=rows_as(ConnectionCount, report["counts"]),
        next_after=(next_connected_at, next_id) if next_id is not None else None,
        next_requests_after=(
            (report["next_requested_at"], report["next_request_id"])
            if report["next_request_id"] is not None
            else None
        ),
    )


def requests(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> Page[ConnectionRequest]:
    """GET /api/dashboard/angel/network (pending requests): one page of the connection requests
    still waiting for an answer, sent and received (page_size rows, 1-500, newest first, after
    the cursor `after` = the last row's requested_at and connection_id) with `next_after`."""
    after_requested_at, after_id = after if after is not None else (None, None)
    return fetch_page(
        conn,
        ConnectionRequest,
        "SELECT * FROM auxeira_dash.angel_connection_requests(page_size => %(page_size)s,"
        " after_requested_at => %(after_requested_at)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_requested_at": after_requested_at, "after_id": after_id},
        "requests",
        ("next_requested_at", "next_id"),
    )


def syndicates(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[date, uuid.UUID] | None = None,
) -> Syndicates:
    """GET /api/dashboard/angel/syndicate: one page of open syndicates (page_size rows, 1-500,
    soonest deadline first, after the cursor `after` = the last row's deadline and id) with
    `next_after`, and the caller's memberships."""
    after_deadline, after_id = after if after is not None else (None, None)
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.angel_syndicate_board(page_size => %(page_size)s,"
        " after_deadline => %(after_deadline)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_deadline": after_deadline, "after_id": after_id},
    )
    next_deadline, next_id = report["next_deadline"], report["next_id"]
    return Syndicates(
        opportunities=rows_as(SyndicateOpportunity, report["opportunities"]),
        memberships=rows_as(SyndicateMembershipView, report["memberships"]),
        next_after=(next_deadline, next_id) if next_id is not None else None,
    )


def tax_report(
    conn: psycopg.Connection[Any],
    tax_year: int | None = None,
    *,
    page_size: int = 100,
    after: tuple[date, uuid.UUID] | None = None,
) -> TaxReport:
    """GET /api/dashboard/angel/tax-report: the jurisdiction, gains and losses per tax year, one
    page of disposals matched to lots (page_size rows, 1-500, by date then id, after the cursor
    `after` = the last row's event_date and id) with `next_after`, and the lots still held.

    `tax_year` keeps one tax year of the jurisdiction (named by the year it starts in). Not
    tax advice.
    """
    after_event_date, after_id = after if after is not None else (None, None)
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.angel_tax_statement(tax_year => %(tax_year)s,"
        " page_size => %(page_size)s, after_event_date => %(after_event_date)s,"
        " after_id => %(after_id)s)",
        {
            "tax_year": tax_year,
            "page_size": page_size,
            "after_event_date": after_event_date,
            "after_id": after_id,
        },
    )
    next_event_date, next_id = report["next_event_date"], report["next_id"]
    next_acquired_on, next_lot_id = (
        report["next_position_acquired_on"],
        report["next_position_lot_id"],
    )
    return TaxReport(
        jurisdiction=report["jurisdiction"],
        years=rows_as(TaxYear, report["years"]),
        events=rows_as(TaxEvent, report["events"]),
        positions=rows_as(TaxPosition, report["positions"]),
        next_after=(next_event_date, next_id) if next_id is not None else None,
        next_positions_after=(next_acquired_on, next_lot_id) if next_lot_id is not None else None,
    )


def tax_positions(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 100,
    after: tuple[date, uuid.UUID] | None = None,
) -> Page[TaxPosition]:
    """GET /api/dashboard/angel/tax-report (lots held, the next pages): one page of the lots the
    caller still holds with their relief clocks (page_size rows, 1-500, oldest acquisition
    first, after the cursor `after` = the last row's acquired_on and lot_id) with `next_after`.
    Not tax advice."""
    after_acquired_on, after_lot_id = after if after is not None else (None, None)
    return fetch_page(
        conn,
        TaxPosition,
        "SELECT * FROM auxeira_dash.angel_tax_positions_page(page_size => %(page_size)s,"
        " after_acquired_on => %(after_acquired_on)s, after_lot_id => %(after_lot_id)s)",
        {
            "page_size": page_size,
            "after_acquired_on": after_acquired_on,
            "after_lot_id": after_lot_id,
        },
        "positions",
        ("next_acquired_on", "next_lot_id"),
    )


def set_tax_jurisdiction(conn: psycopg.Connection[Any], jurisdiction: str) -> TaxProfile:
    """POST /api/dashboard/angel/tax-jurisdiction: the caller's jurisdiction (US or UK).
    Raises DataError for another value, PermissionDenied without a tenant."""
    return call_write(
        conn,
        TaxProfile,
        "SELECT * FROM auxeira_dash.angel_set_tax_jurisdiction(jurisdiction => %(jurisdiction)s)",
        {"jurisdiction": jurisdiction},
    )


def set_lot_facts(
    conn: psycopg.Connection[Any],
    lot_id: uuid.UUID,
    *,
    shares: Decimal | None = None,
    shares_issued_on: date | None = None,
    acquired_by: str = "purchase",
    relief: str = "none",
    company_conditions_confirmed: bool = False,
) -> LotFacts:
    """POST /api/dashboard/angel/tax-lot: what the caller states about one of their lots.
    Raises DataError for a lot that is not theirs or a refused value. Not tax advice."""
    return call_write(
        conn,
        LotFacts,
        "SELECT * FROM auxeira_dash.angel_set_lot_facts(lot_id => %(lot_id)s,"
        " shares => %(shares)s, shares_issued_on => %(shares_issued_on)s,"
        " acquired_by => %(acquired_by)s, relief => %(relief)s,"
        " company_conditions_confirmed => %(confirmed)s)",
        {
            "lot_id": lot_id,
            "shares": shares,
            "shares_issued_on": shares_issued_on,
            "acquired_by": acquired_by,
            "relief": relief,
            "confirmed": company_conditions_confirmed,
        },
    )


def identify_disposal(
    conn: psycopg.Connection[Any],
    disposal_id: uuid.UUID,
    *,
    shares: Decimal,
    lots: dict[uuid.UUID, Decimal] | None = None,
) -> DisposalFacts:
    """POST /api/dashboard/angel/tax-disposal: the shares a partial sale (a distribution) sold
    and, for US specific identification, how many from which lots. Raises DataError for a
    sale or lot that is not the caller's, or lots naming more shares than sold."""
    return call_write(
        conn,
        DisposalFacts,
        "SELECT * FROM auxeira_dash.angel_identify_disposal(disposal_id => %(disposal_id)s,"
        " shares => %(shares)s, lots => %(lots)s::jsonb)",
        {
            "disposal_id": disposal_id,
            "shares": shares,
            # Decimal as a JSON number, exactly
            "lots": "{" + ", ".join(f'"{k}": {Decimal(v)}' for k, v in (lots or {}).items()) + "}",
        },
    )


def record_investment(
    conn: psycopg.Connection[Any],
    company_id: uuid.UUID,
    *,
    amount: Decimal,
    investment_date: date,
    investment_round: str | None = None,
    pre_money_valuation: Decimal | None = None,
    post_money_valuation: Decimal | None = None,
    equity_percentage: Decimal | None = None,
    note: str | None = None,
    currency: str | None = None,
    idempotency_key: str | None = None,
) -> RecordedInvestment:
    """POST /api/dashboard/angel/investment: the investment and its first cash flow.

    `currency` is the cheque's (ISO 4217); None means USD. Raises DataError for a refused
    value (unknown company or currency, amount <= 0, post-money <> pre-money + amount,
    equity <> amount / post-money, ...).
    With an `idempotency_key`, a retry with the same key returns the first call's result and
    writes nothing new.
    """
    return call_write(
        conn,
        RecordedInvestment,
        "SELECT * FROM auxeira_dash.angel_record_investment("
        "company_id => %(company_id)s, amount => %(amount)s,"
        " investment_date => %(investment_date)s, investment_round => %(investment_round)s,"
        " pre_money_valuation => %(pre_money_valuation)s,"
        " post_money_valuation => %(post_money_valuation)s,"
        " equity_percentage => %(equity_percentage)s, note => %(note)s,"
        " currency => %(currency)s, idempotency_key => %(idempotency_key)s)",
        {
            "company_id": company_id,
            "amount": amount,
            "investment_date": investment_date,
            "investment_round": investment_round,
            "pre_money_valuation": pre_money_valuation,
            "post_money_valuation": post_money_valuation,
            "equity_percentage": equity_percentage,
            "note": note,
            "currency": currency,
            "idempotency_key": idempotency_key,
        },
    )


def request_connection(
    conn: psycopg.Connection[Any],
    addressee_id: uuid.UUID,
    *,
    connection_type: str = "co-investor",
    message: str | None = None,
    idempotency_key: str | None = None,
) -> Connection:
    """Ask another user to connect (network). Raises DataError for oneself, an unknown user,
    an unknown type, or a pair already connected or asked. With an `idempotency_key`, a retry
    with the same key returns the first call's result and writes nothing new."""
    return call_write(
        conn,
        Connection,
        "SELECT * FROM auxeira_dash.angel_request_connection("
        "addressee_id => %(addressee_id)s, connection_type => %(connection_type)s,"
        " message => %(message)s,"
        " idempotency_key => %(idempotency_key)s)",
        {
            "addressee_id": addressee_id,
            "connection_type": connection_type,
            "message": message,
            "idempotency_key": idempotency_key,
        },
    )


def respond_connection(
    conn: psycopg.Connection[Any],
    connection_id: uuid.UUID,
    *,
    accept: bool,
    idempotency_key: str | None = None,
) -> Connection:
    """Accept or decline a pending request addressed to the current user (network). With an
    `idempotency_key`, a retry returns the first call's result and writes nothing new."""
    return call_write(
        conn,
        Connection,
        "SELECT * FROM auxeira_dash.angel_respond_connection("
        "connection_id => %(connection_id)s, accept => %(accept)s,"
        " idempotency_key => %(idempotency_key)s)",
        {"connection_id": connection_id, "accept": accept, "idempotency_key": idempotency_key},
    )


def join_syndicate(
    conn: psycopg.Connection[Any],
    syndicate_id: uuid.UUID,
    *,
    commitment_amount: Decimal,
    idempotency_key: str | None = None,
) -> SyndicateMember:
    """Commit to an open syndicate, or change the commitment (syndicate). Raises DataError for
    a syndicate not open to the caller, past its deadline, or a ticket below the minimum. With
    an `idempotency_key`, a retry returns the first call's result and writes nothing new."""
    return call_write(
        conn,
        SyndicateMember,
        "SELECT * FROM auxeira_dash.angel_join_syndicate("
        "syndicate_id => %(syndicate_id)s, commitment_amount => %(commitment_amount)s,"
        " idempotency_key => %(idempotency_key)s)",
        {
            "syndicate_id": syndicate_id,
            "commitment_amount": commitment_amount,
            "idempotency_key": idempotency_key,
        },
    )


READS: dict[str, Callable[[psycopg.Connection[Any]], object]] = {
    "GET /api/dashboard/angel/portfolio": portfolio,
    "GET /api/dashboard/angel/network": network,
    "GET /api/dashboard/angel/syndicate": syndicates,
    "GET /api/dashboard/angel/tax-report": tax_report,
}


def show(conn: psycopg.Connection[Any]) -> dict[str, list[Any]]:
    """The angel's dashboard as titled lists of rows, for `auxeira-db show angel`."""
    held = portfolio(conn)
    net = network(conn)
    synd = syndicates(conn)
    tax = tax_report(conn)
    return {
        "Portfolio totals": [held.totals] if held.totals is not None else [],
        "Holdings": list(held.holdings),
        "Network by type": list(net.counts),
        "Connections": list(net.connections),
        "Pending requests": list(net.requests),
        "Open syndicates": list(synd.opportunities),
        "My syndicate memberships": list(synd.memberships),
        "Tax report by year": list(tax.years),
        "Realisations": list(tax.events),
        "Lots held": list(tax.positions),
    }


# Former names (0017: one verb, `record`, for every write), kept for one release.
track_investment = deprecated_alias(record_investment, "track_investment")
TrackedInvestment = RecordedInvestment
