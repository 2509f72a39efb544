"""The rollups and the four analyses (migration 0019) against a hand-built event set whose
answers are computed here, in Python, from the same events (not from the rollups)."""

from __future__ import annotations

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
from auxeira_db.errors import PermissionDenied

START = date(2025, 3, 3)  # a Monday
FEATURES = {"vc": ("deal_flow", "lp_report", "export"), "startup": ("sse_score", "interviews")}


@dataclass(frozen=True)
class Ev:
    actor: str
    user_id: uuid.UUID | None
    dashboard: str
    feature: str | None
    event_type: str
    session: str
    at: datetime
    utm: str | None

    @property
    def day(self) -> date:
        return self.at.date()


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def r4(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@pytest.fixture
def world(conn: psycopg.Connection[Any]) -> tuple[list[Ev], dict[uuid.UUID, tuple[date, str]]]:
    """Eight users (vc and founders) signed up over three weeks, two visitors; sessions over
    six weeks with features and paths drawn from a fixed seed."""
    rng = random.Random(14)
    users: dict[uuid.UUID, tuple[date, str]] = {}
    for i in range(8):
        kind = "vc" if i % 2 else "founder"
        signup = START + timedelta(days=rng.randint(0, 20))
        uid = uuid.uuid4()
        conn.execute(
            "INSERT INTO auxeira.users (id, email, user_type, created_at) VALUES (%s, %s, %s, %s)",
            (uid, f"u{i}@example.com", kind, datetime.combine(signup, datetime.min.time(), UTC)),
        )
        users[uid] = (signup, kind)
    events: list[Ev] = []
    actors: list[tuple[str, uuid.UUID | None, str, date]] = [
        (str(u), u, "vc" if k == "vc" else "startup", s) for u, (s, k) in users.items()
    ]
    actors += [("visitor-1", None, "vc", START), ("visitor-2", None, "startup", START)]
    n = 0
    for actor, uid, dash, since in actors:
        for s in range(rng.randint(2, 7)):
            day = since + timedelta(days=rng.randint(0, 40))
            at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
                hours=rng.randint(8, 20)
            )
            session = f"{actor}-{s}"
            utm = rng.choice(["google", "newsletter", None]) if s == 0 else None
            steps = [("dashboard_view", None)] + [
                ("feature_used", rng.choice(FEATURES[dash])) for _ in range(rng.randint(0, 4))
            ]
            for k, (etype, feature) in enumerate(steps):
                n += 1
                events.append(
                    Ev(actor, uid, dash, feature, etype, session, at + timedelta(seconds=k), utm)
                )
    conn.execute(
        "SELECT auxeira.ensure_event_partitions(0, %s)", (min(e.at for e in events),)
    ).fetchone()
    conn.execute(
        "SELECT auxeira.ensure_event_partitions(0, %s)", (max(e.at for e in events),)
    ).fetchone()
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO auxeira.analytics_events (user_id, anonymous_id, event_type,"
            " dashboard_type, feature_name, session_id, utm_source, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    e.user_id,
                    None if e.user_id else e.actor,
                    e.event_type,
                    e.dashboard,
                    e.feature,
                    e.session,
                    e.utm,
                    e.at,
                )
                for e in events
            ],
        )
    days = analytics.refresh_rollups(conn)
    assert [d.day for d in days] == sorted({e.day for e in events})
    assert sum(d.user_days for d in days) == len({(e.day, e.dashboard, e.actor) for e in events})
    return events, users


def test_refresh_recomputes_only_the_days_that_changed(
    conn: psycopg.Connection[Any], world: Any
) -> None:
    events, _ = world
    assert analytics.refresh_rollups(conn) == []  # nothing changed since
    one = events[0]
    conn.execute(
        "INSERT INTO auxeira.analytics_events (user_id, event_type, dashboard_type, session_id,"
        " created_at) VALUES (%s, 'login', %s, 'extra', %s)",
        (one.user_id, one.dashboard, one.at + timedelta(minutes=5)),
    )
    again = analytics.refresh_rollups(conn)
    assert [d.day for d in again] == [one.day]
    row = conn.execute(
        "SELECT events FROM auxeira_analytics.user_days WHERE day = %s AND actor = %s"
        " AND dashboard = %s",
        (one.day, one.actor, one.dashboard),
    ).fetchone()
    expected = sum(
        1 for e in events if (e.day, e.actor, e.dashboard) == (one.day, one.actor, one.dashboard)
    )
    assert row == (expected + 1,)


def user_days(events: list[Ev]) -> dict[tuple[date, str, str], tuple[int, set[str]]]:
    out: dict[tuple[date, str, str], tuple[int, set[str]]] = {}
    for e in events:
        n, sessions = out.get((e.day, e.dashboard, e.actor), (0, set()))
        out[(e.day, e.dashboard, e.actor)] = (n + 1, sessions | {e.session})
    return out


def test_dashboard_usage_by_week(conn: psycopg.Connection[Any], world: Any) -> None:
    events, _ = world
    lo, hi = START + timedelta(days=3), START + timedelta(days=33)
    rows = analytics.dashboard_usage(conn, lo, hi, grain="week")
    expected: dict[tuple[date, str], tuple[int, Decimal, Decimal, int, int]] = {}
    ud = {k: v for k, v in user_days(events).items() if lo <= k[0] <= hi}
    groups: dict[tuple[date, str], list[tuple[date, str, int, int]]] = defaultdict(list)
    for (day, dash, actor), (n, sessions) in ud.items():
        for key in ((monday(day), dash), (monday(day), "all")):
            groups[key].append((day, actor, n, len(sessions)))
    for (p, dash), items in groups.items():
        active = len({a for _, a, _, _ in items})
        person_days = len({(d, a) for d, a, _, _ in items})
        n_days = (min(p + timedelta(days=6), hi) - max(p, lo)).days + 1
        avg = Decimal(person_days) / n_days
        expected[(p, dash)] = (
            active,
            r4(avg),
            r4(avg / active),
            sum(n for _, _, n, _ in items),
            sum(s for _, _, _, s in items),
        )
    got = {
        (r.period_start, r.dashboard_type): (
            r.active_users,
            r.avg_daily_users,
            r.stickiness,
            r.events,
            r.sessions,
        )
        for r in rows
    }
    assert got.keys() == expected.keys()
    for key, (active, avg, sticky, ev, se) in expected.items():
        g = got[key]
        assert (g[0], g[3], g[4]) == (active, ev, se), key
        assert abs(g[1] - avg) <= Decimal("0.0001") and abs(g[2] - sticky) <= Decimal("0.0001")
    vc_only = analytics.dashboard_usage(conn, lo, hi, grain="month", dashboard="vc")
    assert {r.dashboard_type for r in vc_only} == {"vc"}


def test_feature_adoption(conn: psycopg.Connection[Any], world: Any) -> None:
    events, users = world
    lo, hi = START + timedelta(days=7), START + timedelta(days=41)
    rows = analytics.feature_adoption(conn, lo, hi)
    inside = [e for e in events if lo <= e.day <= hi]
    active = Counter(dash for dash, _ in {(e.dashboard, e.actor) for e in inside})
    uses: dict[tuple[str, str], dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    for e in inside:
        if e.feature:
            uses[(e.dashboard, e.feature)][e.actor].add(monday(e.day))
    got = {(r.dashboard_type, r.feature): r for r in rows}
    assert got.keys() == uses.keys()
    for (dash, feature), by_actor in uses.items():
        r = got[(dash, feature)]
        assert (r.adopters, r.active_users) == (len(by_actor), active[dash])
        assert r.adoption_rate == r4(Decimal(len(by_actor)) / active[dash])
        repeat = sum(1 for weeks in by_actor.values() if len(weeks) >= 2)
        assert r.repeat_users == repeat
        waits = []
        for actor in by_actor:
            uid = next((e.user_id for e in events if e.actor == actor), None)
            if uid is None:
                continue
            first = min(
                e.day
                for e in events
                if e.actor == actor and e.feature == feature and e.dashboard == dash and e.day <= hi
            )
            waits.append(max(0, (first - users[uid][0]).days))
        median = statistics.median(waits) if waits else None
        assert (
            None if r.median_days_to_first_use is None else float(r.median_days_to_first_use)
        ) == median


def sessions(events: list[Ev], lo: date, hi: date) -> list[list[str]]:
    by: dict[tuple[date, str], list[Ev]] = defaultdict(list)
    for e in events:
        if lo <= e.day <= hi:
            by[(e.day, e.session)].append(e)
    return [
        [e.feature or e.event_type for e in sorted(items, key=lambda x: x.at)]
        for items in by.values()
    ]


def test_user_journey_paths_and_transitions(conn: psycopg.Connection[Any], world: Any) -> None:
    events, _ = world
    lo, hi = START, START + timedelta(days=60)
    all_sessions = sessions(events, lo, hi)
    paths = analytics.journey_paths(conn, lo, hi, steps=3, top=500)
    counted = Counter(tuple(s[:3]) for s in all_sessions)
    assert {tuple(p.path): p.sessions for p in paths} == dict(counted)
    assert [p.sessions for p in paths] == sorted((p.sessions for p in paths), reverse=True)
    total = sum(counted.values())
    assert all(p.share == r4(Decimal(p.sessions) / total) for p in paths)
    transitions = analytics.journey_transitions(conn, lo, hi, max_steps=4)
    expected: Counter[tuple[int, str, str]] = Counter()
    for s in all_sessions:
        for k in range(1, min(len(s), 4) + 1):
            expected[(k, s[k - 1], s[k] if k < len(s) else "(exit)")] += 1
    assert {(t.step, t.from_step, t.to_step): t.sessions for t in transitions} == dict(expected)
    at_step = Counter({(k, f): 0 for k, f, _ in expected})
    for (k, f, _), n in expected.items():
        at_step[(k, f)] += n
    assert all(
        t.share == r4(Decimal(t.sessions) / at_step[(t.step, t.from_step)]) for t in transitions
    )
    # From a start event: paths begin with it.
    started = analytics.journey_paths(conn, lo, hi, steps=2, start_event="export", top=500)
    starts = Counter(tuple(s[s.index("export") :][:2]) for s in all_sessions if "export" in s)
    assert {tuple(p.path): p.sessions for p in started} == dict(starts)


def test_cohort_analysis_by_week_and_user_type(conn: psycopg.Connection[Any], world: Any) -> None:
    events, users = world
    lo, hi = START, START + timedelta(days=20)
    cells = analytics.cohort_analysis(conn, lo, hi, period="week", segment_by="user_type")
    last = monday(max(e.day for e in events))
    expected: dict[tuple[date, str, int], tuple[int, int]] = {}
    members: dict[tuple[date, str], set[uuid.UUID]] = defaultdict(set)
    for uid, (signup, kind) in users.items():
        if lo <= signup <= hi:
            members[(monday(signup), kind)].add(uid)
    for (c, kind), uids in members.items():
        for k in range((last - c).days // 7 + 1):
            active = {
                e.user_id
                for e in events
                if e.user_id in uids and e.day >= c and (monday(e.day) - c).days // 7 == k
            }
            expected[(c, kind, k)] = (len(uids), len(active))
    got = {
        (x.cohort_start, x.segment, x.period_index): (x.cohort_size, x.active_users) for x in cells
    }
    assert got == expected
    assert all(x.retention == r4(Decimal(x.active_users) / x.cohort_size) for x in cells)


def test_an_empty_range_returns_nothing(conn: psycopg.Connection[Any], world: Any) -> None:
    for lo, hi in ((date(2031, 1, 1), date(2031, 3, 31)), (START + timedelta(days=9), START)):
        assert analytics.dashboard_usage(conn, lo, hi, grain="month") == []
        assert analytics.feature_adoption(conn, lo, hi) == []
        assert analytics.journey_paths(conn, lo, hi) == []
        assert analytics.journey_transitions(conn, lo, hi) == []
        assert analytics.cohort_analysis(conn, lo, hi) == []


def test_the_analyses_are_for_analysts_only(db_url: str, world: Any) -> None:
    with psycopg.connect(db_url, autocommit=True) as analyst:
        analyst.execute("SET ROLE auxeira_analyst")
        assert analytics.cohort_analysis(analyst, START, START + timedelta(days=20))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyst.execute("SELECT count(*) FROM auxeira.analytics_events")
    with psycopg.connect(db_url, autocommit=True) as app:
        app.execute("SET ROLE auxeira_app")
        with pytest.raises(PermissionDenied):
            analytics.cohort_analysis(app, START, START + timedelta(days=20))
    with psycopg.connect(db_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT bool_or(has_schema_privilege(r, 'auxeira_analytics', 'USAGE')),"
            " bool_or(has_table_privilege(r, 'auxeira_analytics.user_days', 'SELECT')),"
            " bool_or(has_function_privilege(r, p.oid, 'EXECUTE'))"
            " FROM unnest(ARRAY['auxeira_app', 'auxeira_ingest']) AS r,"
            " pg_proc AS p WHERE p.pronamespace = 'auxeira_analytics'::regnamespace"
        ).fetchone()
        assert row == (False, False, False)


def test_seeded_events_retain_like_a_product(conn: psycopg.Connection[Any]) -> None:
    """The seeder's events (auxeira_db/synthetic/events.py): monthly cohorts keep fewer users
    as months pass (steep first, then flat), and a dashboard's features are adopted at
    different rates."""
    from auxeira_db import synthetic

    as_of = date(2026, 6, 30)
    synthetic.generate(conn, persona="all", count=120, seed=5, as_of=as_of)
    assert analytics.refresh_rollups(conn)
    cells = analytics.cohort_analysis(conn, date(2023, 7, 1), date(2026, 1, 31), period="month")
    size: Counter[int] = Counter()
    active: Counter[int] = Counter()
    for c in cells:
        size[c.period_index] += c.cohort_size
        active[c.period_index] += c.active_users
    share = {k: active[k] / size[k] for k in (0, 1, 3, 6, 12)}
    assert share[0] > share[1] > share[3] > 0 and share[12] > 0, share
    # steep over the first months, then flat
    assert share[1] - share[3] > 3 * abs(share[6] - share[12]), share
    rates = {
        r.feature: r.adoption_rate
        for r in analytics.feature_adoption(conn, date(2023, 7, 1), as_of, dashboard="startup")
    }
    assert rates["sse_score"] > rates["runway_planner"] > rates["cap_table"], rates
