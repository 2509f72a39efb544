"""Corporate partner dashboard (`/api/dashboard/corporate/...`), typed.

Reads and writes of sql/views/corporate.sql and sql/api/corporate.sql, one statement each. Call
inside `auxeira_db.tenant(conn, user_id)` for a corporate user; an unset tenant reads nothing.
The ecosystem pulse is an aggregate across all startups from a materialized view (groups of at
least five companies); the rest is the caller's own data.

Sealed bids ("encrypted bid" in the specification) are commitments. The bidder keeps the
amount and a random nonce, and sends only

    commitment = SHA-256("auxeira-bid-v1|<auction id>|<bidder id>|<amount, 2 decimals>|<nonce>")

while the auction is open (`seal_bid` + `submit_bid`). After it closes the bidder reveals the
amount and nonce (`reveal_bid`); the database recomputes the commitment with its built-in
sha256() and refuses a mismatch. Before the reveal no one, the platform included, can read an
amount: it is not in the database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import psycopg

from auxeira_db.dashboards import Page, call_write, fetch_all, fetch_page, fetch_report, rows_as
from auxeira_db.errors import DataError

COMMITMENT_VERSION = "auxeira-bid-v1"
_NONCE = re.compile(r"[0-9a-f]{32,128}")
_CENT = Decimal("0.01")
_MAX_AMOUNT = Decimal("1e13")


def new_nonce() -> str:
    """A fresh secret nonce: 256 random bits as 64 lower-case hex digits."""
    return secrets.token_hex(32)


def _amount_text(amount: Decimal | int | str) -> str:
    if isinstance(amount, float):
        raise DataError("give a bid amount as Decimal, int or str, not float (inexact)")
    try:
        value = Decimal(amount)
    except (InvalidOperation, ValueError):
        raise DataError(f"not a bid amount: {amount!r}") from None
    if not value.is_finite() or value <= 0 or value >= _MAX_AMOUNT:
        raise DataError(f"a bid amount must be positive and below 10^13, not {amount!r}")
    cents = value.quantize(_CENT)
    if cents != value:
        raise DataError(f"a bid amount has at most two decimals, not {amount!r}")
    return format(cents, "f")


def bid_commitment(
    auction_id: uuid.UUID, bidder_id: uuid.UUID, amount: Decimal | int | str, nonce: str
) -> bytes:
    """The 32-byte commitment of a bid, identical to auxeira.auction_bid_commitment() in SQL.

    SHA-256 of the UTF-8 text "auxeira-bid-v1|<auction id>|<bidder id>|<amount>|<nonce>":
    ids in canonical lower-case form, amount with exactly two decimals (more are refused, never
    rounded), nonce 32-128 lower-case hex digits. Raises DataError for an unusable value.
    """
    if not _NONCE.fullmatch(nonce):
        raise DataError("a bid nonce must be 32 to 128 lower-case hexadecimal digits")
    text = f"{COMMITMENT_VERSION}|{auction_id}|{bidder_id}|{_amount_text(amount)}|{nonce}"
    return hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True)
class SealedBid:
    """What a bidder keeps until the reveal (amount and nonce) and what it sends (commitment)."""

    auction_id: uuid.UUID
    bidder_id: uuid.UUID
    amount: Decimal
    nonce: str
    commitment: bytes


def seal_bid(auction_id: uuid.UUID, bidder_id: uuid.UUID, amount: Decimal | int | str) -> SealedBid:
    """Draw a nonce and compute the commitment of a bid, client-side."""
    nonce = new_nonce()
    commitment = bid_commitment(auction_id, bidder_id, amount, nonce)
    return SealedBid(auction_id, bidder_id, Decimal(_amount_text(amount)), nonce, commitment)


@dataclass(frozen=True)
class PulseRow:
    """One group of the ecosystem pulse (auxeira_dash.corporate_ecosystem())."""

    industry: str
    stage: str
    companies: int
    median_valuation: Decimal | None
    total_funding: Decimal | None
    avg_growth_rate: Decimal | None
    avg_sse_score: Decimal | None


@dataclass(frozen=True)
class Auction:
    """An auction as listed to the caller (auxeira_dash.corporate_auctions())."""

    auction_id: uuid.UUID
    company_id: uuid.UUID | None
    company_name: str | None
    industry: str | None
    stage: str | None
    title: str
    description: str | None
    opportunity_type: str
    opens_at: datetime
    closes_at: datetime
    reveal_closes_at: datetime
    reserve_amount: Decimal
    status: str
    opened_by_me: bool
    my_bid_status: str
    my_committed_at: datetime | None
    my_amount: Decimal | None


@dataclass(frozen=True)
class AuctionResult:
    """Outcome of an auction the caller opened or bid on (corporate_auction_results())."""

    auction_id: uuid.UUID
    title: str
    status: str
    reserve_amount: Decimal
    bids_committed: int
    bids_revealed: int
    final: bool
    winning_amount: Decimal | None
    winning_bid_id: uuid.UUID | None
    winner_id: uuid.UUID | None
    caller_won: bool | None


@dataclass(frozen=True)
class AuctionBoard:
    """GET /api/dashboard/corporate/auctions: one page of the opportunities and the results.
    `next_after` is the cursor of the next page (pass it as `after`), None on the last."""

    auctions: list[Auction]
    results: list[AuctionResult]
    next_after: tuple[datetime, uuid.UUID] | None = None


@dataclass(frozen=True)
class ActivePartnership:
    """An active partnership of the caller (auxeira_dash.corporate_partnerships())."""

    partnership_id: uuid.UUID
    startup_id: uuid.UUID
    startup_name: str
    industry: str | None
    stage: str | None
    partnership_type: str | None
    partnership_value: Decimal | None
    partnership_status: str | None
    start_date: date | None
    end_date: date | None
    success_metrics: dict[str, Any] | None
    renewal_probability: Decimal | None


@dataclass(frozen=True)
class PartnershipRoi:
    """ROI of one partnership (auxeira_dash.corporate_roi())."""

    partnership_id: uuid.UUID
    startup_name: str
    partnership_type: str | None
    partnership_status: str | None
    start_date: date | None
    end_date: date | None
    partnership_value: Decimal | None
    roi_achieved: Decimal | None
    net_return: Decimal | None
    total_return: Decimal | None
    renewal_probability: Decimal | None


@dataclass(frozen=True)
class RoiTotals:
    """ROI totals per partnership type and '(all)' (auxeira_dash.corporate_roi_totals)."""

    partnership_type: str
    partnerships: int
    active: int
    completed: int
    cancelled: int
    total_value: Decimal
    measured: int
    measured_value: Decimal
    net_return: Decimal
    weighted_roi: Decimal | None
    average_roi: Decimal | None
    avg_renewal_probability: Decimal | None


@dataclass(frozen=True)
class RoiReport:
    """GET /api/dashboard/corporate/roi: per partnership and totals."""

    partnerships: list[PartnershipRoi]
    totals: list[RoiTotals]


@dataclass(frozen=True)
class Bid:
    """A row of auxeira.auction_bids; amount and nonce are None until revealed."""

    id: uuid.UUID
    auction_id: uuid.UUID
    bidder_id: uuid.UUID
    commitment: bytes
    committed_at: datetime
    amount: Decimal | None
    nonce: str | None
    revealed_at: datetime | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AuctionRow:
    """A row of auxeira.partnership_auctions, as opening one returns it."""

    id: uuid.UUID
    company_id: uuid.UUID | None
    opened_by: uuid.UUID | None
    title: str
    description: str | None
    opportunity_type: str
    opens_at: datetime
    closes_at: datetime
    reveal_closes_at: datetime
    reserve_amount: Decimal
    cancelled_at: datetime | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


def ecosystem(
    conn: psycopg.Connection[Any],
    *,
    industry: str | None = None,
    stage: str | None = None,
    page_size: int = 50,
    after: tuple[str, str] | None = None,
) -> Page[PulseRow]:
    """GET /api/dashboard/corporate/ecosystem: startups by industry and stage ('(all)' rows are
    the marginals), groups of at least five companies, as of the last refresh: one page
    (page_size rows, 1-500, '(all)' first then by label, after the cursor `after` = the last
    row's industry and stage) with `next_after`."""
    after_industry, after_stage = after if after is not None else (None, None)
    return fetch_page(
        conn,
        PulseRow,
        "SELECT * FROM auxeira_dash.corporate_ecosystem_page(only_industry => %(industry)s,"
        " only_stage => %(stage)s, page_size => %(page_size)s,"
        " after_industry => %(after_industry)s, after_stage => %(after_stage)s)",
        {
            "industry": industry,
            "stage": stage,
            "page_size": page_size,
            "after_industry": after_industry,
            "after_stage": after_stage,
        },
        "ecosystem",
        ("next_industry", "next_stage"),
    )


def auctions(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> AuctionBoard:
    """GET /api/dashboard/corporate/auctions: one page of the blind auctions (page_size rows,
    1-500, by closing time, after the cursor `after`) with the caller's bids, and the results."""
    after_closes_at, after_id = after if after is not None else (None, None)
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.corporate_auction_board(page_size => %(page_size)s,"
        " after_closes_at => %(after_closes_at)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_closes_at": after_closes_at, "after_id": after_id},
    )
    next_at, next_id = report["next_closes_at"], report["next_id"]
    return AuctionBoard(
        auctions=rows_as(Auction, report["auctions"]),
        results=rows_as(AuctionResult, report["results"]),
        next_after=(next_at, next_id) if next_id is not None else None,
    )


def auction_results(
    conn: psycopg.Connection[Any], auction_id: uuid.UUID | None = None
) -> list[AuctionResult]:
    """Winner determination of the auctions the caller opened or bid on (one, or all)."""
    return fetch_all(
        conn,
        AuctionResult,
        "SELECT * FROM auxeira_dash.corporate_auction_results(only_auction => %(auction_id)s)",
        {"auction_id": auction_id},
    )


def partnerships(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[date | None, uuid.UUID] | None = None,
) -> Page[ActivePartnership]:
    """GET /api/dashboard/corporate/partnerships: one page of the caller's active partnerships
    (page_size rows, 1-500, soonest ending first, open-ended last, then by id, after the
    cursor `after` = the last row's end_date (None: open-ended) and partnership_id) with
    `next_after`."""
    after_end_date, after_id = after if after is not None else (None, None)
    return fetch_page(
        conn,
        ActivePartnership,
        "SELECT * FROM auxeira_dash.corporate_partnerships_page(page_size => %(page_size)s,"
        " after_end_date => %(after_end_date)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_end_date": after_end_date, "after_id": after_id},
        "partnerships",
        ("next_end_date", "next_id"),
    )


def roi(conn: psycopg.Connection[Any]) -> RoiReport:
    """GET /api/dashboard/corporate/roi: ROI per partnership and totals per type."""
    report = fetch_report(conn, "SELECT * FROM auxeira_dash.corporate_roi_report()")
    return RoiReport(
        partnerships=rows_as(PartnershipRoi, report["partnerships"]),
        totals=rows_as(RoiTotals, report["totals"]),
    )


def submit_bid(
    conn: psycopg.Connection[Any],
    auction_id: uuid.UUID,
    commitment: bytes,
    *,
    idempotency_key: str | None = None,
) -> Bid:
    """POST /api/dashboard/corporate/bid: commit a sealed bid while the auction is open (again
    before it closes: replaces the commitment). Raises DataError when refused. With an
    `idempotency_key`, a retry returns the first call's row and writes nothing new."""
    return call_write(
        conn,
        Bid,
        "SELECT * FROM auxeira_dash.corporate_submit_bid(auction_id => %(auction_id)s,"
        " commitment => %(commitment)s, idempotency_key => %(idempotency_key)s)",
        {"auction_id": auction_id, "commitment": commitment, "idempotency_key": idempotency_key},
    )


def reveal_bid(
    conn: psycopg.Connection[Any],
    auction_id: uuid.UUID,
    amount: Decimal | int | str,
    nonce: str,
    *,
    idempotency_key: str | None = None,
) -> Bid:
    """POST /api/dashboard/corporate/bid (reveal): after the auction closed, disclose the amount
    and nonce; the database verifies them against the commitment. Raises DataError when
    refused (mismatch, too early, too late); nothing is written then."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, ValueError):
        raise DataError(f"not a bid amount: {amount!r}") from None
    return call_write(
        conn,
        Bid,
        "SELECT * FROM auxeira_dash.corporate_reveal_bid(auction_id => %(auction_id)s,"
        " amount => %(amount)s, nonce => %(nonce)s, idempotency_key => %(idempotency_key)s)",
        {
            "auction_id": auction_id,
            "amount": value,
            "nonce": nonce,
            "idempotency_key": idempotency_key,
        },
    )


def open_auction(
    conn: psycopg.Connection[Any],
    *,
    company_id: uuid.UUID,
    title: str,
    opportunity_type: str,
    closes_at: datetime,
    reserve_amount: Decimal | int = 0,
    opens_at: datetime | None = None,
    reveal_closes_at: datetime | None = None,
    description: str | None = None,
    idempotency_key: str | None = None,
) -> AuctionRow:
    """A founder opens a blind auction for a partnership with its company (the offer side of the
    auctions corporates see). Raises DataError for a refused value. With an `idempotency_key`,
    a retry returns the first call's row and writes nothing new."""
    return call_write(
        conn,
        AuctionRow,
        "SELECT * FROM auxeira_dash.corporate_open_auction(company_id => %(company_id)s,"
        " title => %(title)s, opportunity_type => %(opportunity_type)s,"
        " closes_at => %(closes_at)s, reserve_amount => %(reserve_amount)s,"
        " opens_at => %(opens_at)s, reveal_closes_at => %(reveal_closes_at)s,"
        " description => %(description)s, idempotency_key => %(idempotency_key)s)",
        {
            "company_id": company_id,
            "title": title,
            "opportunity_type": opportunity_type,
            "closes_at": closes_at,
            "reserve_amount": reserve_amount,
            "opens_at": opens_at,
            "reveal_closes_at": reveal_closes_at,
            "description": description,
            "idempotency_key": idempotency_key,
        },
    )


READS: dict[str, Callable[[psycopg.Connection[Any]], object]] = {
    "GET /api/dashboard/corporate/ecosystem": ecosystem,
    "GET /api/dashboard/corporate/auctions": auctions,
    "GET /api/dashboard/corporate/partnerships": partnerships,
    "GET /api/dashboard/corporate/roi": roi,
}


def show(conn: psycopg.Connection[Any]) -> dict[str, list[Any]]:
    """The corporate user's dashboard as titled lists of rows, for `auxeira-db show`."""
    board = auctions(conn)
    report = roi(conn)
    return {
        "Ecosystem pulse": ecosystem(conn),
        "Blind auctions": list(board.auctions),
        "Auction results": list(board.results),
        "Active partnerships": partnerships(conn),
        "Partnership ROI": list(report.partnerships),
        "ROI totals": list(report.totals),
    }
