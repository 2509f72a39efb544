"""Product analytics: record events one by one or in COPY batches, link visitors to accounts,
erase a user's events (docs/ANALYTICS.md).

    from auxeira_db import analytics
    with tenant(conn, user_id):
        analytics.track_event(conn, "feature_used", dashboard_type="vc", feature_name="export")
    analytics.track_many(conn, [analytics.Event("dashboard_view", anonymous_id="v-1"), ...])
    analytics.identify(conn, "v-1", user_id)        # as the collector or the platform
    analytics.forget_user(conn, user_id)            # GDPR erasure, as auxeira_admin

Validation, server time and IP truncation are the SQL's (auxeira.event_problem,
auxeira.ingest_event_batch); Python checks only Python types.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any, TypeVar

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from auxeira_db.arguments import require_connection, require_date, require_str, require_uuid
from auxeira_db.db import translated
from auxeira_db.errors import InvalidArgument

T = TypeVar("T")


@dataclass(frozen=True)
class Event:
    """One event for `track_many`: the user (a collector may name anyone; a tenant only
    itself) or the visitor's anonymous_id, and what happened. No time: the server stamps it."""

    event_type: str
    user_id: uuid.UUID | None = None
    anonymous_id: str | None = None
    event_data: Any = None
    dashboard_type: str | None = None
    feature_name: str | None = None
    session_id: str | None = None
    ip_address: str | None = None
    user_agent: str | None = None
    referrer: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    device_type: str | None = None
    browser: str | None = None
    os: str | None = None
    country: str | None = None
    city: str | None = None


# The staging table's columns (auxeira.begin_event_batch) in Event's order, with COPY types.
BATCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_type", "text"),
    ("user_id", "uuid"),
    ("anonymous_id", "text"),
    ("event_data", "jsonb"),
    ("dashboard_type", "text"),
    ("feature_name", "text"),
    ("session_id", "text"),
    ("ip_address", "inet"),
    ("user_agent", "text"),
    ("referrer", "text"),
    ("utm_source", "text"),
    ("utm_medium", "text"),
    ("utm_campaign", "text"),
    ("device_type", "text"),
    ("browser", "text"),
    ("os", "text"),
    ("country", "text"),
    ("city", "text"),
)
COPY_BATCH = "COPY pg_temp.analytics_event_batch ({}) FROM STDIN (FORMAT BINARY)".format(
    ", ".join(name for name, _ in BATCH_COLUMNS)
)
assert tuple(f.name for f in fields(Event)) == tuple(name for name, _ in BATCH_COLUMNS)


def _ip(value: Any, where: str) -> IPv4Address | IPv6Address | None:
    if value is None:
        return None
    try:
        return ip_address(value)
    except ValueError as exc:
        raise InvalidArgument(f"{where}: ip_address {value!r} is not an IP address") from exc


def _row(index: int, event: Any) -> tuple[Any, ...]:
    if not isinstance(event, Event):
        raise InvalidArgument(f"events[{index}] must be an analytics.Event")
    where = f"events[{index}]"
    values: list[Any] = []
    for name, _ in BATCH_COLUMNS:
        value = getattr(event, name)
        if name == "user_id":
            values.append(None if value is None else require_uuid(value, f"{where}.user_id"))
        elif name == "event_data":
            values.append(None if value is None else Jsonb(value))
        elif name == "ip_address":
            values.append(_ip(value, where))
        elif value is not None and not isinstance(value, str):
            raise InvalidArgument(f"{where}.{name} must be a str")
        else:
            values.append(value)
    return tuple(values)


def track_many(conn: psycopg.Connection[Any], events: Iterable[Event]) -> int:
    """Record a batch of events with COPY (binary) through a staging table: every event is
    checked in SQL and the whole batch is refused on the first bad one (DataError naming the
    row, nothing written); returns how many were recorded. As auxeira_app a tenant records
    its own events; the collector (a member of auxeira_ingest) anyone's."""
    require_connection(conn)
    rows = [_row(i, e) for i, e in enumerate(events)]
    with translated(), conn.transaction():
        conn.execute("SELECT auxeira.begin_event_batch()")
        with conn.cursor().copy(COPY_BATCH) as copy:
            copy.set_types([t for _, t in BATCH_COLUMNS])
            for row in rows:
                copy.write_row(row)
        result = conn.execute("SELECT auxeira.ingest_event_batch()").fetchone()
    return int(result[0]) if result else 0


def track_event(
    conn: psycopg.Connection[Any],
    event_type: str,
    *,
    dashboard_type: str | None = None,
    feature_name: str | None = None,
    event_data: Any = None,
    session_id: str | None = None,
    anonymous_id: str | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
    referrer: str | None = None,
    utm_source: str | None = None,
    utm_medium: str | None = None,
    utm_campaign: str | None = None,
    device_type: str | None = None,
    browser: str | None = None,
    os: str | None = None,
    country: str | None = None,
    city: str | None = None,
) -> uuid.UUID:
    """auxeira.track_event(): one event for the current tenant (inside `tenant(conn, ...)`)
    or, with no tenant, for the visitor `anonymous_id`; returns its id."""
    require_connection(conn)
    require_str(event_type, "event_type")
    params: dict[str, Any] = {
        "event_type": event_type,
        "dashboard_type": dashboard_type,
        "feature_name": feature_name,
        "event_data": None if event_data is None else Jsonb(event_data),
        "session_id": session_id,
        "anonymous_id": anonymous_id,
        "ip_address": _ip(ip_address, "track_event"),
        "user_agent": user_agent,
        "referrer": referrer,
        "utm_source": utm_source,
        "utm_medium": utm_medium,
        "utm_campaign": utm_campaign,
        "device_type": device_type,
        "browser": browser,
        "os": os,
        "country": country,
        "city": city,
    }
    named = ", ".join(f"{k} => %({k})s" for k in params)
    with translated(), conn.transaction():
        row = conn.execute(f"SELECT auxeira.track_event({named})", params).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def identify(conn: psycopg.Connection[Any], anonymous_id: str, user_id: uuid.UUID) -> int:
    """auxeira.identify(): link the visitor's anonymous events to the account; returns how
    many (as the collector, auxeira_ingest, or the platform, auxeira_admin)."""
    require_connection(conn)
    require_str(anonymous_id, "anonymous_id")
    uid = require_uuid(user_id, "user_id")
    with translated(), conn.transaction():
        row = conn.execute("SELECT auxeira.identify(%s, %s)", (anonymous_id, uid)).fetchone()
    return int(row[0]) if row else 0


def forget_user(conn: psycopg.Connection[Any], user_id: uuid.UUID) -> int:
    """auxeira.forget_user(): the GDPR erasure of a user's events (personal fields cleared,
    the id replaced by a random pseudonym); returns the events changed (as auxeira_admin)."""
    require_connection(conn)
    uid = require_uuid(user_id, "user_id")
    with translated(), conn.transaction():
        row = conn.execute("SELECT auxeira.forget_user(%s)", (uid,)).fetchone()
    return int(row[0]) if row else 0


# --- rollups and the four analyses (schema auxeira_analytics, role auxeira_analyst) --------


@dataclass(frozen=True)
class RollupDay:
    """One UTC day recomputed by a refresh, with the rows each rollup now holds for it."""

    day: date
    user_days: int
    session_paths: int
    daily_counts: int


@dataclass(frozen=True)
class DashboardUsage:
    period_start: date
    dashboard_type: str  # a dashboard, "-" (none) or "all"
    active_users: int
    avg_daily_users: Decimal
    stickiness: Decimal
    events: int
    sessions: int
    events_per_user: Decimal
    sessions_per_user: Decimal


@dataclass(frozen=True)
class FeatureAdoption:
    dashboard_type: str
    feature: str
    adopters: int
    active_users: int
    adoption_rate: Decimal
    median_days_to_first_use: Decimal | None
    repeat_users: int
    repeat_rate: Decimal


@dataclass(frozen=True)
class JourneyPath:
    path: list[str]
    sessions: int
    share: Decimal


@dataclass(frozen=True)
class JourneyTransition:
    step: int
    from_step: str
    to_step: str  # "(exit)": the session ended there
    sessions: int
    share: Decimal


@dataclass(frozen=True)
class CohortCell:
    cohort_start: date
    segment: str
    cohort_size: int
    period_index: int
    active_users: int
    retention: Decimal


def _fetch(
    conn: psycopg.Connection[Any],
    cls: type[T],
    function: str,
    params: dict[str, Any],
    dates: tuple[str, ...] = ("from_day", "to_day"),
) -> list[T]:
    """One call of an auxeira_analytics function with named parameters, rows as `cls`; the
    parameters named in `dates` must be dates when given."""
    require_connection(conn)
    for name in dates:
        if params.get(name) is not None:
            require_date(params[name], name)
    named = ", ".join(f"{k} => %({k})s" for k in params)
    with translated(), conn.cursor(row_factory=class_row(cls)) as cur:
        return cur.execute(
            f"SELECT * FROM auxeira_analytics.{function}({named})", params
        ).fetchall()


def refresh_rollups(conn: psycopg.Connection[Any]) -> list[RollupDay]:
    """Recompute the rollups of the days whose events changed since the last refresh (what the
    job analytics-rollups runs); returns those days. As the owner."""
    require_connection(conn)
    with translated(), conn.transaction(), conn.cursor(row_factory=class_row(RollupDay)) as cur:
        return cur.execute("SELECT * FROM auxeira_analytics.refresh_rollups()").fetchall()


def dashboard_usage(
    conn: psycopg.Connection[Any],
    from_day: date | None = None,
    to_day: date | None = None,
    *,
    grain: str = "day",
    dashboard: str | None = None,
) -> list[DashboardUsage]:
    """DAU/WAU/MAU, stickiness, events and sessions per user, per period and dashboard
    (auxeira_analytics.dashboard_usage; default range: the 90 days to the server's today)."""
    params = {"from_day": from_day, "to_day": to_day, "grain": grain, "dashboard": dashboard}
    return _fetch(conn, DashboardUsage, "dashboard_usage", params)


def feature_adoption(
    conn: psycopg.Connection[Any],
    from_day: date | None = None,
    to_day: date | None = None,
    *,
    dashboard: str | None = None,
) -> list[FeatureAdoption]:
    """Adopters / active users, days from sign-up to first use, repeat use per feature
    (auxeira_analytics.feature_adoption)."""
    params = {"from_day": from_day, "to_day": to_day, "dashboard": dashboard}
    return _fetch(conn, FeatureAdoption, "feature_adoption", params)


def journey_paths(
    conn: psycopg.Connection[Any],
    from_day: date | None = None,
    to_day: date | None = None,
    *,
    steps: int = 3,
    dashboard: str | None = None,
    start_event: str | None = None,
    top: int = 20,
) -> list[JourneyPath]:
    """The most frequent paths of `steps` steps within a session
    (auxeira_analytics.user_journey_paths)."""
    params = {
        "from_day": from_day,
        "to_day": to_day,
        "steps": steps,
        "dashboard": dashboard,
        "start_event": start_event,
        "top": top,
    }
    return _fetch(conn, JourneyPath, "user_journey_paths", params)


def journey_transitions(
    conn: psycopg.Connection[Any],
    from_day: date | None = None,
    to_day: date | None = None,
    *,
    dashboard: str | None = None,
    start_event: str | None = None,
    max_steps: int = 10,
) -> list[JourneyTransition]:
    """The step-to-step transition table with drop-off
    (auxeira_analytics.user_journey_transitions)."""
    params = {
        "from_day": from_day,
        "to_day": to_day,
        "dashboard": dashboard,
        "start_event": start_event,
        "max_steps": max_steps,
    }
    return _fetch(conn, JourneyTransition, "user_journey_transitions", params)


def cohort_analysis(
    conn: psycopg.Connection[Any],
    from_day: date | None = None,
    to_day: date | None = None,
    *,
    period: str = "week",
    segment_by: str | None = None,
) -> list[CohortCell]:
    """Retention by sign-up week or month as a triangle, optionally by user_type or
    utm_source (auxeira_analytics.cohort_analysis)."""
    params = {"from_day": from_day, "to_day": to_day, "period": period, "segment_by": segment_by}
    return _fetch(conn, CohortCell, "cohort_analysis", params)
