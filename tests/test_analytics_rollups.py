"""The rollups of 0024 (usage_days, user_periods, journey_paths, journey_transitions) give the
analyses the answers a direct computation over the raw events gives.

A property test: each case draws users, visitors and events (sessions crossing midnight,
events without a session or a dashboard), refreshes, then adds late events on earlier days,
erases a user (forget_user) or identifies a visitor, refreshes again, and compares every
analysis over a random range with Python computed from the events as they are in
auxeira.analytics_events (not from any rollup). AUXEIRA_PROPERTY_CASES sets the number of
cases (a fifth of it here: each case is a few thousand SQL statements' worth of work).
"""

from __future__ import annotations

import os
import random
import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import psycopg
import pytest

from auxeira_db import analytics

CASES = max(5, int(os.environ.get("AUXEIRA_PROPERTY_CASES", "200")) // 5)
START = date(2025, 3, 3)  # a Monday
FEATURES = {"vc": ("deal_flow", "lp_report", "export"), "startup": ("sse_score", "interviews")}
KINDS = ("founder", "vc", "angel")


@dataclass(frozen=True)
class Raw:
    """One event as the log holds it."""

    id: uuid.UUID
    actor: str
    user_id: uuid.UUID | None
    dashboard: str
    feature: str | None
    event_type: str
    session: str | None
    at: datetime

    @property
    def day(self) -> date:
        return self.at.astimezone(UTC).date()

    @property
    def step(self) -> str:
        return self.feature or self.event_type


def r4(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def period_start(grain: str, d: date) -> date:
    return {"day": d, "week": monday(d), "month": d.replace(day=1)}[grain]


def period_end(grain: str, p: date) -> date:
    if grain == "day":
        return p
    if grain == "week":
        return p + timedelta(days=6)
    nxt = (p.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


def raw_events(conn: psycopg.Connection[Any]) -> list[Raw]:
    rows = conn.execute(
        "SELECT id, coalesce(user_id::text, anonymous_id), user_id,"
        " coalesce(dashboard_type, '-'), feature_name, event_type, session_id, created_at"
        " FROM auxeira.analytics_events WHERE coalesce(user_id::text, anonymous_id) IS NOT NULL"
    ).fetchall()
    return [Raw(*r) for r in rows]


# --- the analyses, computed directly from the events ------------------------------------


def usage(events: list[Raw], lo: date, hi: date, grain: str) -> dict[Any, Any]:
    days: dict[tuple[date, str, str], tuple[int, set[str]]] = {}
    for e in events:
        if lo <= e.day <= hi:
            n, s = days.get((e.day, e.dashboard, e.actor), (0, set()))
            days[(e.day, e.dashboard, e.actor)] = (n + 1, s | ({e.session} if e.session else set()))
    groups: dict[tuple[date, str], list[tuple[date, str, int, int]]] = defaultdict(list)
    for (day, dash, actor), (n, sessions) in days.items():
        p = period_start(grain, day)
        for key in ((p, dash), (p, "all")):
            groups[key].append((day, actor, n, len(sessions)))
    out = {}
    for (p, dash), items in groups.items():
        active = len({a for _, a, _, _ in items})
        person_days = len({(d, a) for d, a, _, _ in items})
        n_days = (min(period_end(grain, p), hi) - max(p, lo)).days + 1
        ev, se = sum(i[2] for i in items), sum(i[3] for i in items)
        out[(p, dash)] = (
            active,
            r4(Decimal(person_days) / n_days),
            r4(Decimal(person_days) / n_days / active),
            ev,
            se,
            r4(Decimal(ev) / active),
            r4(Decimal(se) / active),
        )
    return out


def adoption(
    events: list[Raw], signups: dict[uuid.UUID, date], lo: date, hi: date
) -> dict[Any, Any]:
    inside = [e for e in events if lo <= e.day <= hi]
    active = Counter(dash for dash, _ in {(e.dashboard, e.actor) for e in inside})
    weeks: dict[tuple[str, str], dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    for e in inside:
        if e.feature:
            weeks[(e.dashboard, e.feature)][e.actor].add(monday(e.day))
    out = {}
    for (dash, feature), by_actor in weeks.items():
        waits = []
        for actor in by_actor:
            uid = next((e.user_id for e in events if e.actor == actor and e.user_id), None)
            if uid is None or uid not in signups:
                continue
            first = min(
                e.day
                for e in events
                if e.actor == actor and e.feature == feature and e.dashboard == dash and e.day <= hi
            )
            waits.append(max(0, (first - signups[uid]).days))
        adopters = len(by_actor)
        repeat = sum(1 for w in by_actor.values() if len(w) >= 2)
        out[(dash, feature)] = (
            adopters,
            active[dash],
            r4(Decimal(adopters) / active[dash]),
            Decimal(str(statistics.median(waits))) if waits else None,
            repeat,
            r4(Decimal(repeat) / adopters),
        )
    return out


def session_steps(events: list[Raw], lo: date, hi: date) -> list[tuple[str, list[str]]]:
    by: dict[tuple[date, str], list[Raw]] = defaultdict(list)
    for e in events:
        if e.session and lo <= e.day <= hi:
            by[(e.day, e.session)].append(e)
    out = []
    for items in by.values():
        items.sort(key=lambda x: (x.at, x.id))
        out.append((items[0].dashboard, [x.step for x in items]))
    return out


def paths(sessions: list[tuple[str, list[str]]], steps: int, dash: str | None) -> Counter[Any]:
    return Counter(tuple(s[:steps]) for d, s in sessions if dash is None or d == dash)


def transitions(
    sessions: list[tuple[str, list[str]]], max_steps: int, dash: str | None
) -> Counter[Any]:
    out: Counter[tuple[int, str, str]] = Counter()
    for d, s in sessions:
        if dash is None or d == dash:
            for k in range(1, min(len(s), max_steps) + 1):
                out[(k, s[k - 1], s[k] if k < len(s) else "(exit)")] += 1
    return out


def cohorts(
    events: list[Raw], users: dict[uuid.UUID, tuple[date, str]], lo: date, hi: date, period: str
) -> dict[Any, Any]:
    if not events:
        return {}
    last = max(e.day for e in events)

    def index(c: date, d: date) -> int:
        if period == "week":
            return (monday(d) - c).days // 7
        return (d.year * 12 + d.month) - (c.year * 12 + c.month)

    members: dict[date, set[uuid.UUID]] = defaultdict(set)
    for uid, (signup, _) in users.items():
        if lo <= signup <= hi:
            members[period_start(period, signup)].add(uid)
    out = {}
    for c, uids in members.items():
        active: dict[int, set[uuid.UUID]] = defaultdict(set)
        for e in events:
            if e.user_id in uids and e.day >= c:
                active[index(c, e.day)].add(e.user_id)
        for k in range(index(c, last) + 1):
            out[(c, k)] = (len(uids), len(active[k]))
    return out


# --- the property ---------------------------------------------------------------------


def insert(conn: psycopg.Connection[Any], rows: list[tuple[Any, ...]]) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO auxeira.analytics_events (user_id, anonymous_id, event_type,"
            " dashboard_type, feature_name, session_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            rows,
        )


def draw(
    rng: random.Random, actors: list[tuple[uuid.UUID | None, str]], n: int, first: int, last: int
) -> list[tuple[Any, ...]]:
    rows = []
    for _ in range(n):
        uid, anon = rng.choice(actors)
        dash = rng.choice(["vc", "vc", "startup", "startup", None])
        feature = rng.choice(FEATURES[dash]) if dash and rng.random() < 0.6 else None
        etype = (
            "feature_used"
            if feature
            else ("dashboard_view" if dash else rng.choice(["login", "signup"]))
        )
        session = rng.choice([None, f"{anon or uid}-{rng.randint(0, 2)}", f"{anon or uid}-0"])
        at = datetime.combine(START, datetime.min.time(), UTC) + timedelta(
            days=rng.randint(first, last), seconds=rng.randint(0, 86399)
        )
        rows.append((uid, None if uid else anon, etype, dash, feature, session, at))
    return rows


@pytest.fixture
def months(conn: psycopg.Connection[Any]) -> None:
    for d in (START - timedelta(days=40), START + timedelta(days=80)):
        conn.execute("SELECT auxeira.ensure_event_partitions(0, %s)", (d,)).fetchone()


def check_case(conn: psycopg.Connection[Any], rng: random.Random, case: int) -> None:
    users: dict[uuid.UUID, tuple[date, str]] = {}
    for i in range(rng.randint(2, 5)):
        uid, kind = uuid.uuid4(), rng.choice(KINDS)
        signup = START + timedelta(days=rng.randint(-10, 35))
        conn.execute(
            "INSERT INTO auxeira.users (id, email, user_type, created_at) VALUES (%s, %s, %s, %s)",
            (
                uid,
                f"p{case}-{i}@example.com",
                kind,
                datetime.combine(signup, datetime.min.time(), UTC),
            ),
        )
        users[uid] = (signup, kind)
    visitors = [f"v{case}-{i}" for i in range(rng.randint(1, 2))]
    actors: list[tuple[uuid.UUID | None, str]] = [(u, "") for u in users] + [
        (None, v) for v in visitors
    ]
    insert(conn, draw(rng, actors, rng.randint(10, 60), 0, 45))
    analytics.refresh_rollups(conn)
    # later: late events on earlier days, an erasure, an identification
    insert(conn, draw(rng, actors, rng.randint(0, 15), -5, 45))
    if rng.random() < 0.4:
        analytics.forget_user(conn, rng.choice(list(users)))
    if rng.random() < 0.4:
        conn.execute(
            "SELECT auxeira.identify(%s, %s)", (rng.choice(visitors), rng.choice(list(users)))
        )
    analytics.refresh_rollups(conn)

    events = raw_events(conn)
    users = {
        u: (s, k)
        for u, s, k in conn.execute(
            "SELECT id, (created_at AT TIME ZONE 'UTC')::date, user_type FROM auxeira.users"
        )
    }
    signups = {u: s for u, (s, _) in users.items()}
    lo = START + timedelta(days=rng.randint(-6, 20))
    hi = lo + timedelta(days=rng.randint(0, 40))
    where = f"case {case}: {lo}..{hi}"
    for grain in ("day", "week", "month"):
        got = {
            (r.period_start, r.dashboard_type): (
                r.active_users,
                r.avg_daily_users,
                r.stickiness,
                r.events,
                r.sessions,
                r.events_per_user,
                r.sessions_per_user,
            )
            for r in analytics.dashboard_usage(conn, lo, hi, grain=grain)
        }
        assert got == usage(events, lo, hi, grain), (where, grain)
    got_fa = {
        (r.dashboard_type, r.feature): (
            r.adopters,
            r.active_users,
            r.adoption_rate,
            r.median_days_to_first_use,
            r.repeat_users,
            r.repeat_rate,
        )
        for r in analytics.feature_adoption(conn, lo, hi)
    }
    assert got_fa == adoption(events, signups, lo, hi), where
    sessions = session_steps(events, lo, hi)
    for steps, dash in ((rng.randint(1, 5), None), (rng.randint(1, 6), rng.choice(["vc", None]))):
        got_p = analytics.journey_paths(conn, lo, hi, steps=steps, dashboard=dash, top=500)
        assert {tuple(p.path): p.sessions for p in got_p} == dict(paths(sessions, steps, dash)), (
            where,
            steps,
            dash,
        )
    max_steps = rng.randint(1, 8)
    dash = rng.choice(["startup", None])
    got_t = analytics.journey_transitions(conn, lo, hi, dashboard=dash, max_steps=max_steps)
    assert {(t.step, t.from_step, t.to_step): t.sessions for t in got_t} == dict(
        transitions(sessions, max_steps, dash)
    ), (where, max_steps, dash)
    for period in ("week", "month"):
        got_c = {
            (x.cohort_start, x.period_index): (x.cohort_size, x.active_users)
            for x in analytics.cohort_analysis(conn, lo - timedelta(days=20), hi, period=period)
        }
        assert got_c == cohorts(events, users, lo - timedelta(days=20), hi, period), (
            where,
            period,
        )


def test_the_rollups_answer_as_the_raw_events_do(
    conn: psycopg.Connection[Any], months: None
) -> None:
    rng = random.Random(2024)
    for case in range(CASES):
        with conn.transaction(force_rollback=True):
            check_case(conn, rng, case)


def test_the_kept_usage_rows_equal_a_rebuild(conn: psycopg.Connection[Any], months: None) -> None:
    """After many incremental refreshes (late events, erasures, identifications), usage_days
    and user_periods hold exactly what a rebuild from user_days gives."""
    rng = random.Random(77)
    for case in range(5):
        check_case(conn, rng, 1000 + case)
    kept = conn.execute(
        "SELECT u::text FROM auxeira_analytics.usage_days AS u ORDER BY 1"
    ).fetchall()
    periods = conn.execute(
        "SELECT * FROM auxeira_analytics.user_periods ORDER BY 1, 2, 3"
    ).fetchall()
    paths_kept = conn.execute(
        "SELECT * FROM auxeira_analytics.journey_paths ORDER BY 1, 2, 3, 4, 5"
    ).fetchall()
    with conn.transaction(force_rollback=True):
        conn.execute(
            "TRUNCATE auxeira_analytics.usage_days, auxeira_analytics.user_periods,"
            " auxeira_analytics.journey_paths, auxeira_analytics.journey_transitions"
        )
        conn.execute(
            "SELECT auxeira_analytics.add_usage(ARRAY(SELECT DISTINCT actor FROM"
            " auxeira_analytics.user_days), 1),"
            " auxeira_analytics.refresh_user_periods(ARRAY(SELECT DISTINCT actor FROM"
            " auxeira_analytics.user_days)),"
            " auxeira_analytics.refresh_journeys(ARRAY(SELECT DISTINCT day FROM"
            " auxeira_analytics.session_paths))"
        )
        assert (
            kept
            == conn.execute(
                "SELECT u::text FROM auxeira_analytics.usage_days AS u ORDER BY 1"
            ).fetchall()
        )
        assert (
            periods
            == conn.execute(
                "SELECT * FROM auxeira_analytics.user_periods ORDER BY 1, 2, 3"
            ).fetchall()
        )
        assert (
            paths_kept
            == conn.execute(
                "SELECT * FROM auxeira_analytics.journey_paths ORDER BY 1, 2, 3, 4, 5"
            ).fetchall()
        )
    assert kept and periods and paths_kept
