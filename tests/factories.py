"""Small helpers that insert valid rows; each returns the new row's id."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

import psycopg
from psycopg import sql

_seq = itertools.count()


def insert(conn: psycopg.Connection[Any], table: str, **values: Any) -> uuid.UUID:
    """INSERT one row into auxeira.<table> and return its id."""
    query = sql.SQL("INSERT INTO auxeira.{} ({}) VALUES ({}) RETURNING id").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, values)),
        sql.SQL(", ").join(sql.Placeholder() * len(values)),
    )
    row = conn.execute(query, list(values.values())).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def user(conn: psycopg.Connection[Any], user_type: str = "founder", **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "email": f"user{next(_seq)}-{uuid.uuid4().hex[:8]}@example.com",
        "user_type": user_type,
    }
    values.update(extra)
    return insert(conn, "users", **values)


def company(conn: psycopg.Connection[Any], owner: uuid.UUID | None, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "name": f"Company {next(_seq)}",
        "user_id": owner,
        "industry": "SaaS",
        "stage": "seed",
        "founded_date": date(2019, 1, 1),
        # rows made by the platform (this superuser): verified unless a test says otherwise
        "verified": True,
    }
    values.update(extra)
    return insert(conn, "companies", **values)


def investment(
    conn: psycopg.Connection[Any], investor: uuid.UUID, company_id: uuid.UUID, **extra: Any
) -> uuid.UUID:
    values: dict[str, Any] = {
        "investor_id": investor,
        "company_id": company_id,
        "amount": 100000,
        "investment_date": date(2020, 6, 1),
        "investment_round": "seed",
        "founder_consent": "accepted",  # an accepted relationship unless a test says otherwise
    }
    values.update(extra)
    return insert(conn, "investments", **values)


def token(
    conn: psycopg.Connection[Any], owner: uuid.UUID, amount: int = 10, **extra: Any
) -> uuid.UUID:
    values: dict[str, Any] = {
        "user_id": owner,
        "amount": amount,
        "transaction_type": "earned" if amount > 0 else "spent",
    }
    values.update(extra)
    return insert(conn, "token_transactions", **values)


def esg(conn: psycopg.Connection[Any], company_id: uuid.UUID, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "company_id": company_id,
        "metric_date": date(2024, 1, 1),
        "overall_esg_score": 70,
    }
    values.update(extra)
    return insert(conn, "esg_metrics", **values)


def impact(conn: psycopg.Connection[Any], company_id: uuid.UUID, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "company_id": company_id,
        "metric_date": date(2024, 1, 1),
        "jobs_created": 3,
    }
    values.update(extra)
    return insert(conn, "economic_impact", **values)


def partnership(
    conn: psycopg.Connection[Any], partner: uuid.UUID, startup: uuid.UUID, **extra: Any
) -> uuid.UUID:
    values: dict[str, Any] = {
        "corporate_partner_id": partner,
        "startup_id": startup,
        "partnership_type": "pilot",
        "partnership_status": "active",
        "founder_consent": "accepted",
    }
    values.update(extra)
    return insert(conn, "corporate_partnerships", **values)


def portfolio(conn: psycopg.Connection[Any], investor: uuid.UUID, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {"investor_id": investor, "metric_date": date(2024, 1, 1)}
    values.update(extra)
    return insert(conn, "portfolio_metrics", **values)


def event(conn: psycopg.Connection[Any], owner: uuid.UUID, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "user_id": owner,
        "event_type": "page_view",
        "event_category": "dashboard",
        "dashboard_type": "startup",
    }
    values.update(extra)
    if values.get("created_at") is not None:  # a past month needs its partition (0019)
        conn.execute("SELECT auxeira.ensure_event_partitions(0, %s)", (values["created_at"],))
    return insert(conn, "analytics_events", **values)


def subscription(conn: psycopg.Connection[Any], owner: uuid.UUID, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "user_id": owner,
        "event_type": "trial_started",
        "new_tier": "pro",
        "trial_days": 14,
    }
    values.update(extra)
    return insert(conn, "subscription_events", **values)


def insert_plain(conn: psycopg.Connection[Any], table: str, **values: Any) -> None:
    """INSERT one row into auxeira.<table> without returning anything."""
    query = sql.SQL("INSERT INTO auxeira.{} ({}) VALUES ({})").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, values)),
        sql.SQL(", ").join(sql.Placeholder() * len(values)),
    )
    conn.execute(query, list(values.values()))


def fund(conn: psycopg.Connection[Any], manager: uuid.UUID, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "manager_id": manager,
        "name": f"Fund {next(_seq)}",
        "vintage_year": 2020,
        "committed_capital": 1_000_000,
    }
    values.update(extra)
    return insert(conn, "funds", **values)
