"""Startup founder dashboard (`/api/dashboard/startup/...`), typed.

Reads and writes of sql/views/startup.sql and sql/api/startup.sql, one statement each. Call
inside `auxeira_db.tenant(conn, founder_id)`; without a tenant the reads return nothing.
Definitions of the figures (latest valuation, the SSE score and its breakdown, streaks) are in
the SQL comments (of auxeira.sse_score and auxeira_dash.startup_sse_breakdown) and
docs/DASHBOARDS.md.
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
class Overview:
    """GET overview: one row per company of the founder (company fields None if none yet)."""

    user_id: uuid.UUID
    company_id: uuid.UUID | None
    company_name: str | None
    industry: str | None
    stage: str | None
    location: str | None
    founded_date: date | None
    current_valuation: Decimal | None
    previous_valuation: Decimal | None
    latest_mark_valuation: Decimal | None
    latest_mark_date: date | None
    latest_valuation: Decimal | None
    valuation_source: str | None  # company or valuation_mark
    growth_rate: Decimal | None
    mrr: Decimal | None
    arr: Decimal | None
    burn_rate: Decimal | None
    runway_months: int | None
    employees: int | None
    funding_raised: Decimal | None
    sse_score: int | None
    total_tokens: int
    tokens_this_month: int


@dataclass(frozen=True)
class SseScore:
    """GET sse-score headline: the stored score, what the figures explain, history summary."""

    company_id: uuid.UUID
    company_name: str
    industry: str | None
    stage: str | None
    sse_score: int | None
    explained_points: Decimal
    estimated_score: int
    unexplained_points: Decimal | None
    history_points: int
    first_score: int | None
    best_score: int | None
    worst_score: int | None


@dataclass(frozen=True)
class SseComponent:
    """One component of the SSE breakdown; the points of a company's components add up."""

    company_id: uuid.UUID
    ordinal: int
    component: str
    input_name: str | None
    input_value: Decimal | None
    points: Decimal | None
    max_points: Decimal | None
    description: str


@dataclass(frozen=True)
class SsePoint:
    """One element of companies.sse_score_history."""

    company_id: uuid.UUID
    position: int
    score_date: date
    score: int


@dataclass(frozen=True)
class SseReport:
    scores: list[SseScore]
    breakdown: list[SseComponent]
    history: list[SsePoint]


@dataclass(frozen=True)
class TokenBalance:
    user_id: uuid.UUID
    balance: int
    credited: int
    debited: int
    tokens_this_month: int
    transactions: int
    last_transaction_at: datetime | None


@dataclass(frozen=True)
class TokenTransaction:
    id: uuid.UUID
    transaction_type: str
    amount: int
    balance_after: int
    multiplier: Decimal
    reason: str | None
    activity_type: str | None
    streak_count: int
    quality_score: int | None
    created_at: datetime


@dataclass(frozen=True)
class TokensPage:
    """GET tokens: the balance and one page of transactions, newest first.

    `next_before` is the cursor of the next page (pass it as `before`), None on the last page.
    """

    balance: TokenBalance | None
    transactions: list[TokenTransaction]
    next_before: tuple[datetime, uuid.UUID] | None


@dataclass(frozen=True)
class DailyAction:
    id: uuid.UUID
    company_id: uuid.UUID | None
    company_name: str | None
    action_date: date
    action_type: str
    title: str
    description: str | None
    status: str
    target_count: int
    completed_count: int
    progress: int
    token_reward: int
    completed_at: datetime | None


@dataclass(frozen=True)
class ActionProgress:
    user_id: uuid.UUID
    actions_today: int
    completed_today: int
    progress_today: int
    tokens_earned_today: int
    tokens_open_today: int
    current_streak_days: int
    longest_streak_days: int
    completed_last_7_days: int
    completed_last_30_days: int


@dataclass(frozen=True)
class ActionsReport:
    today: list[DailyAction]
    progress: ActionProgress | None


@dataclass(frozen=True)
class CustomerInterview:
    """A row of auxeira.customer_interviews, as returned by POST interview."""

    id: uuid.UUID
    company_id: uuid.UUID
    user_id: uuid.UUID
    interview_date: date
    interviewee_role: str
    segment: str | None
    channel: str
    problem_validated: bool
    pain_level: int | None
    willingness_to_pay: str
    price_point: Decimal | None
    notes: str | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Evidence:
    """A row of auxeira.startup_evidence, as returned by POST evidence."""

    id: uuid.UUID
    company_id: uuid.UUID
    user_id: uuid.UUID
    interview_id: uuid.UUID | None
    evidence_kind: str
    title: str
    file_uri: str
    file_sha256: str
    size_bytes: int
    media_type: str | None
    note: str | None
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime


def overview(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[str, uuid.UUID] | None = None,
) -> Page[Overview]:
    """GET /api/dashboard/startup/overview: one page of the founder's companies (page_size rows,
    1-500, by name then id, after the cursor `after` = the last row's company_name and
    company_id) with `next_after`."""
    after_company_name, after_id = after if after is not None else (None, None)
    return fetch_page(
        conn,
        Overview,
        "SELECT * FROM auxeira_dash.startup_overview_page(page_size => %(page_size)s,"
        " after_company_name => %(after_company_name)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_company_name": after_company_name, "after_id": after_id},
        "overview",
        ("next_company_name", "next_id"),
    )


def sse_score(conn: psycopg.Connection[Any]) -> SseReport:
    """GET /api/dashboard/startup/sse-score: score, breakdown and history per company."""
    report = fetch_report(conn, "SELECT * FROM auxeira_dash.startup_sse_report()")
    return SseReport(
        scores=rows_as(SseScore, report["scores"]),
        breakdown=rows_as(SseComponent, report["breakdown"]),
        history=rows_as(SsePoint, report["history"]),
    )


def tokens(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    before: tuple[datetime, uuid.UUID] | None = None,
) -> TokensPage:
    """GET /api/dashboard/startup/tokens: balance and a page of transactions, newest first
    (page_size 1-500, checked in SQL; `before` is the previous page's `next_before`)."""
    before_created_at, before_id = before if before is not None else (None, None)
    report = fetch_report(
        conn,
        "SELECT * FROM auxeira_dash.startup_tokens_page(page_size => %(page_size)s,"
        " before_created_at => %(before_created_at)s, before_id => %(before_id)s)",
        {"page_size": page_size, "before_created_at": before_created_at, "before_id": before_id},
    )
    next_at, next_id = report["next_before_created_at"], report["next_before_id"]
    return TokensPage(
        balance=row_as(TokenBalance, report["balance"]),
        transactions=rows_as(TokenTransaction, report["transactions"]),
        next_before=(next_at, next_id) if next_id is not None else None,
    )


def actions(conn: psycopg.Connection[Any]) -> ActionsReport:
    """GET /api/dashboard/startup/actions: today's actions, progress and streak."""
    report = fetch_report(conn, "SELECT * FROM auxeira_dash.startup_actions_report()")
    return ActionsReport(
        today=rows_as(DailyAction, report["today"]),
        progress=row_as(ActionProgress, report["progress"]),
    )


def record_interview(
    conn: psycopg.Connection[Any],
    company_id: uuid.UUID,
    *,
    interview_date: date,
    interviewee_role: str,
    problem_validated: bool,
    willingness_to_pay: str = "unknown",
    segment: str | None = None,
    channel: str = "video",
    pain_level: int | None = None,
    price_point: Decimal | None = None,
    notes: str | None = None,
    idempotency_key: str | None = None,
) -> CustomerInterview:
    """POST /api/dashboard/startup/interview. Raises DataError for a refused value.

    With an `idempotency_key`, a retry with the same key returns the first call's row and
    writes nothing new."""
    return call_write(
        conn,
        CustomerInterview,
        "SELECT * FROM auxeira_dash.startup_record_interview(company_id => %(company_id)s,"
        " interview_date => %(interview_date)s, interviewee_role => %(interviewee_role)s,"
        " problem_validated => %(problem_validated)s,"
        " willingness_to_pay => %(willingness_to_pay)s, segment => %(segment)s,"
        " channel => %(channel)s, pain_level => %(pain_level)s, price_point => %(price_point)s,"
        " notes => %(notes)s, idempotency_key => %(idempotency_key)s)",
        {
            "company_id": company_id,
            "interview_date": interview_date,
            "interviewee_role": interviewee_role,
            "problem_validated": problem_validated,
            "willingness_to_pay": willingness_to_pay,
            "segment": segment,
            "channel": channel,
            "pain_level": pain_level,
            "price_point": price_point,
            "notes": notes,
            "idempotency_key": idempotency_key,
        },
    )


def record_evidence(
    conn: psycopg.Connection[Any],
    company_id: uuid.UUID,
    *,
    evidence_kind: str,
    title: str,
    file_uri: str,
    file_sha256: str,
    size_bytes: int,
    media_type: str | None = None,
    interview_id: uuid.UUID | None = None,
    note: str | None = None,
    idempotency_key: str | None = None,
) -> Evidence:
    """POST /api/dashboard/startup/evidence: a file reference and its SHA-256, not the bytes.

    Idempotent per file: the same hash for the same company returns the existing record; with
    an `idempotency_key`, a retry returns the first call's row and writes nothing new.
    """
    return call_write(
        conn,
        Evidence,
        "SELECT * FROM auxeira_dash.startup_record_evidence(company_id => %(company_id)s,"
        " evidence_kind => %(evidence_kind)s, title => %(title)s, file_uri => %(file_uri)s,"
        " file_sha256 => %(file_sha256)s, size_bytes => %(size_bytes)s,"
        " media_type => %(media_type)s, interview_id => %(interview_id)s, note => %(note)s,"
        " idempotency_key => %(idempotency_key)s)",
        {
            "company_id": company_id,
            "evidence_kind": evidence_kind,
            "title": title,
            "file_uri": file_uri,
            "file_sha256": file_sha256,
            "size_bytes": size_bytes,
            "media_type": media_type,
            "interview_id": interview_id,
            "note": note,
            "idempotency_key": idempotency_key,
        },
    )


@dataclass(frozen=True)
class Relationship:
    """GET relationships: an investment, partnership or syndicate recorded against one of the
    founder's companies, and the founder's answer to it."""

    relationship: str  # investment, partnership or syndicate
    id: uuid.UUID
    company_id: uuid.UUID
    company_name: str
    counterparty_id: uuid.UUID
    detail: str | None
    amount: Decimal | None
    relationship_date: date | None
    founder_consent: str  # pending, accepted, rejected or revoked
    founder_consent_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ConsentAnswer:
    """POST relationships/:id: the relationship's founder_consent after the answer."""

    founder_consent: str


def relationships(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[bool, datetime, uuid.UUID] | None = None,
) -> Page[Relationship]:
    """GET /api/dashboard/startup/relationships: one page (page_size rows, 1-500), pending ones
    first, then newest first, after the cursor `after` = the last row's (founder_consent is
    'pending', created_at, id), with `next_after`."""
    after_pending, after_created_at, after_id = after if after is not None else (None, None, None)
    return fetch_page(
        conn,
        Relationship,
        "SELECT * FROM auxeira_dash.startup_relationships_page(page_size => %(page_size)s,"
        " after_pending => %(after_pending)s, after_created_at => %(after_created_at)s,"
        " after_id => %(after_id)s)",
        {
            "page_size": page_size,
            "after_pending": after_pending,
            "after_created_at": after_created_at,
            "after_id": after_id,
        },
        "relationships",
        ("next_pending", "next_created_at", "next_id"),
    )


def answer_relationship(
    conn: psycopg.Connection[Any],
    relationship: str,
    relationship_id: uuid.UUID,
    answer: str,
    *,
    idempotency_key: str | None = None,
) -> str:
    """POST /api/dashboard/startup/relationships/:id: accept, reject or revoke an investment,
    partnership or syndicate on one of the founder's companies; returns the new consent.

    Accepting opens the company's confidential data to the investor; revoking closes it again
    (the row and its history stay). The rules are checked in SQL: a refused answer raises the
    package's error for it, and a relationship that is not on the caller's company is refused
    without saying whether it exists. With an `idempotency_key`, a retry with the same key
    returns the first call's answer and changes nothing.
    """
    row = call_write(
        conn,
        ConsentAnswer,
        "SELECT auxeira_dash.startup_answer_relationship(relationship => %(relationship)s,"
        " id => %(relationship_id)s, answer => %(answer)s,"
        " idempotency_key => %(idempotency_key)s) AS founder_consent",
        {
            "relationship": relationship,
            "relationship_id": relationship_id,
            "answer": answer,
            "idempotency_key": idempotency_key,
        },
    )
    return row.founder_consent


READS: dict[str, Callable[[psycopg.Connection[Any]], object]] = {
    "GET /api/dashboard/startup/overview": overview,
    "GET /api/dashboard/startup/relationships": relationships,
    "GET /api/dashboard/startup/sse-score": sse_score,
    "GET /api/dashboard/startup/tokens": tokens,
    "GET /api/dashboard/startup/actions": actions,
}


def show(conn: psycopg.Connection[Any]) -> dict[str, list[Any]]:
    """The founder's dashboard as titled lists of rows, for `auxeira-db show startup`."""
    sse = sse_score(conn)
    page = tokens(conn, page_size=20)
    todo = actions(conn)
    return {
        "Overview": list(overview(conn)),
        "SSE score": list(sse.scores),
        "SSE breakdown": list(sse.breakdown),
        "SSE history": list(sse.history),
        "Token balance": [page.balance] if page.balance is not None else [],
        "Latest token transactions": list(page.transactions),
        "Today's actions": list(todo.today),
        "Progress and streak": [todo.progress] if todo.progress is not None else [],
        "Relationships": list(relationships(conn)),
    }


# Former names (0017: one verb, `record`, for every write), kept for one release.
log_interview = deprecated_alias(record_interview, "log_interview")
