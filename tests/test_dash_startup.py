"""Startup founder dashboard: every read and write, as the application role with RLS enforced."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from auxeira_db import DataError, realtime, tenant
from auxeira_db.dashboards import startup
from tests import factories as f

HASH = "ab" * 32
OLD = datetime(2020, 1, 15, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    founder: uuid.UUID
    company: uuid.UUID
    other: uuid.UUID
    other_company: uuid.UUID
    today: date


@pytest.fixture
def world(conn: psycopg.Connection[Any]) -> World:
    founder, other, vc = f.user(conn), f.user(conn), f.user(conn, "vc")
    company = f.company(
        conn,
        founder,
        name="Acme",
        current_valuation=10_000_000,
        previous_valuation=6_000_000,
        mrr=20_000,
        arr=240_000,
        growth_rate=Decimal("0.5"),
        burn_rate=50_000,
        runway_months=18,
        employees=12,
        sse_score=75,
        sse_score_history=json.dumps(
            [
                {"date": "2024-01-31", "score": 60},
                {"date": "2024-02-29", "score": 65},
                {"bad": "element"},
                {"date": "2024-03-31", "score": 75},
            ]
        ),
        updated_at=datetime(2023, 1, 1, tzinfo=UTC),
    )
    other_company = f.company(conn, other, name="Other Co", current_valuation=3_000_000)
    # an investor's newer mark of Acme's whole-company valuation
    investment = f.investment(conn, vc, company)
    f.insert_plain(
        conn,
        "valuation_marks",
        investment_id=investment,
        mark_date=date(2024, 6, 30),
        holding_value=500_000,
        company_valuation=50_000_000,
    )
    # tokens: 50 long ago, then +100, -30, +20 this month
    f.token(conn, founder, 50, created_at=OLD)
    f.token(conn, founder, 100)
    f.token(conn, founder, -30)
    f.token(conn, founder, 20, transaction_type="bonus")
    f.token(conn, other, 999)
    row = conn.execute("SELECT CURRENT_DATE").fetchone()
    assert row is not None
    today: date = row[0]
    # daily actions: a completed one today, yesterday and the day before -> streak of 3
    for days_ago in (2, 1):
        action(
            conn, founder, company, today - timedelta(days=days_ago), "metrics_update", done=True
        )
    action(conn, founder, company, today, "metrics_update", done=True, token_reward=5)
    action(conn, founder, company, today, "customer_interview", target_count=2, token_reward=20)
    action(conn, founder, None, today, "evidence_upload", token_reward=10)
    action(conn, other, other_company, today, "customer_interview")
    return World(founder, company, other, other_company, today)


def action(
    conn: psycopg.Connection[Any],
    owner: uuid.UUID,
    company: uuid.UUID | None,
    day: date,
    kind: str,
    *,
    done: bool = False,
    **extra: Any,
) -> uuid.UUID:
    values: dict[str, Any] = {
        "user_id": owner,
        "company_id": company,
        "action_date": day,
        "action_type": kind,
        "title": f"Do {kind}",
    }
    if done:
        values.update(status="completed", completed_count=1, completed_at=datetime.now(UTC))
    values.update(extra)
    return f.insert(conn, "founder_daily_actions", **values)


def test_overview_fixes_the_specification_query(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.founder):
        (row,) = startup.overview(app_conn)
    assert row.company_id == world.company and row.company_name == "Acme"
    assert row.current_valuation == Decimal("10000000.00")
    # the mark (2024-06-30) is newer than the company's figures (updated 2023-01-01)
    assert row.latest_valuation == Decimal("50000000.00")
    assert row.valuation_source == "valuation_mark"
    assert row.latest_mark_date == date(2024, 6, 30)
    assert row.growth_rate == Decimal("0.5")
    assert row.total_tokens == 140
    assert row.tokens_this_month == 90
    with tenant(app_conn, world.other):
        (other,) = startup.overview(app_conn)
    assert other.company_id == world.other_company
    assert other.latest_valuation == Decimal("3000000.00")
    assert other.valuation_source == "company"
    assert other.total_tokens == 999


def test_overview_of_a_founder_without_company(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any]
) -> None:
    lonely = f.user(conn)
    f.token(conn, lonely, 7)
    with tenant(app_conn, lonely):
        (row,) = startup.overview(app_conn)
    assert row.company_id is None and row.valuation_source is None
    assert (row.total_tokens, row.tokens_this_month) == (7, 7)


def test_sse_breakdown_adds_up_to_the_score(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.founder):
        report = startup.sse_score(app_conn)
    (score,) = report.scores
    assert score.sse_score == 75
    parts = {c.component: c for c in report.breakdown}
    assert list(parts) == ["baseline", "traction", "growth", "efficiency", "market_and_team"]
    assert parts["baseline"].points == 30
    assert parts["traction"].points == Decimal("7.93")  # 6 x log10(1 + 20000 / 1000)
    assert parts["growth"].points == 10  # 20 x 0.5
    assert parts["efficiency"].points == 9  # 18 months / 2
    assert sum(c.points or 0 for c in report.breakdown) == 75
    assert score.explained_points == Decimal("56.93")
    assert score.unexplained_points == Decimal("18.07")
    assert score.estimated_score == 57
    assert [(p.position, p.score_date, p.score) for p in report.history] == [
        (1, date(2024, 1, 31), 60),
        (2, date(2024, 2, 29), 65),
        (4, date(2024, 3, 31), 75),
    ]
    assert (score.history_points, score.first_score, score.best_score, score.worst_score) == (
        3,
        60,
        75,
        60,
    )


def test_tokens_balance_and_keyset_pages(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.founder):
        first = startup.tokens(app_conn, page_size=3)
        assert first.next_before is not None
        second = startup.tokens(app_conn, page_size=3, before=first.next_before)
    assert first.balance is not None
    assert (first.balance.balance, first.balance.credited, first.balance.debited) == (140, 170, 30)
    assert (first.balance.tokens_this_month, first.balance.transactions) == (90, 4)
    assert [t.amount for t in first.transactions] == [20, -30, 100]
    assert first.transactions[0].balance_after == 140
    assert [(t.amount, t.balance_after) for t in second.transactions] == [(50, 50)]
    assert second.next_before is None
    with tenant(app_conn, world.founder), pytest.raises(DataError, match="page_size"):
        startup.tokens(app_conn, page_size=0)


def test_actions_today_progress_and_streak(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.founder):
        report = startup.actions(app_conn)
    assert {a.action_type: a.status for a in report.today} == {
        "metrics_update": "completed",
        "customer_interview": "pending",
        "evidence_upload": "pending",
    }
    progress = report.progress
    assert progress is not None
    assert (progress.actions_today, progress.completed_today) == (3, 1)
    assert progress.progress_today == 33  # (100 + 0 + 0) / 3
    assert (progress.tokens_earned_today, progress.tokens_open_today) == (5, 30)
    assert (progress.current_streak_days, progress.longest_streak_days) == (3, 3)
    assert progress.completed_last_7_days == 3


def test_record_interview_progresses_todays_action(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.founder):
        interview = startup.record_interview(
            app_conn,
            world.company,
            interview_date=world.today,
            interviewee_role="  Head of Finance ",
            problem_validated=True,
            willingness_to_pay="high",
            segment="SMB retail",
            pain_level=4,
            price_point=Decimal("49.00"),
            notes="Uses spreadsheets today.",
        )
        half = {a.action_type: a for a in startup.actions(app_conn).today}["customer_interview"]
        startup.record_interview(
            app_conn,
            world.company,
            interview_date=world.today - timedelta(days=3),
            interviewee_role="Store owner",
            problem_validated=False,
        )
        done = {a.action_type: a for a in startup.actions(app_conn).today}["customer_interview"]
    app_conn.commit()
    assert interview.company_id == world.company and interview.user_id == world.founder
    assert interview.interviewee_role == "Head of Finance"
    assert interview.price_point == Decimal("49.00") and interview.channel == "video"
    assert (half.status, half.progress, half.completed_count) == ("in_progress", 50, 1)
    assert (done.status, done.progress) == ("completed", 100)
    assert done.completed_at is not None


def test_record_evidence_is_idempotent_per_file(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.founder):
        interview = startup.record_interview(
            app_conn,
            world.company,
            interview_date=world.today,
            interviewee_role="CFO",
            problem_validated=True,
        )
        first = startup.record_evidence(
            app_conn,
            world.company,
            evidence_kind="customer_interview",
            title="Call recording",
            file_uri="s3://evidence/acme/call-1.mp3",
            file_sha256=HASH.upper(),
            size_bytes=1_234_567,
            media_type="Audio/MPEG",
            interview_id=interview.id,
        )
        again = startup.record_evidence(
            app_conn,
            world.company,
            evidence_kind="other",
            title="Same file, again",
            file_uri="s3://evidence/acme/copy.mp3",
            file_sha256=HASH,
            size_bytes=1_234_567,
        )
        evidence_action = {a.action_type: a for a in startup.actions(app_conn).today}[
            "evidence_upload"
        ]
    app_conn.commit()
    assert first.file_sha256 == HASH and first.media_type == "audio/mpeg"
    assert first.interview_id == interview.id
    assert again.id == first.id and again.title == "Call recording"
    assert (evidence_action.status, evidence_action.completed_count) == ("completed", 1)


GOOD_INTERVIEW: dict[str, Any] = {
    "interview_date": date(2024, 5, 1),
    "interviewee_role": "CTO",
    "problem_validated": True,
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"interview_date": date(2999, 1, 1)}, "interview_date"),
        ({"interview_date": date(1999, 12, 31)}, "interview_date"),
        ({"interviewee_role": "   "}, "interviewee_role"),
        ({"interviewee_role": "x" * 101}, "interviewee_role"),
        ({"segment": "y" * 101}, "segment"),
        ({"willingness_to_pay": "lots"}, "willingness_to_pay"),
        ({"channel": "carrier pigeon"}, "channel"),
        ({"pain_level": 6}, "pain_level"),
        ({"price_point": Decimal("-1")}, "price_point"),
        ({"notes": "z" * 20001}, "notes"),
    ],
)
def test_record_interview_rejects_bad_input(
    app_conn: psycopg.Connection[Any],
    conn: psycopg.Connection[Any],
    world: World,
    change: dict[str, Any],
    message: str,
) -> None:
    with tenant(app_conn, world.founder), pytest.raises(DataError, match=message):
        startup.record_interview(app_conn, world.company, **{**GOOD_INTERVIEW, **change})
    assert count(conn, "customer_interviews") == 0


def test_record_interview_refuses_another_founders_company(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.founder), pytest.raises(DataError, match="not one of your"):
        startup.record_interview(app_conn, world.other_company, **GOOD_INTERVIEW)
    assert count(conn, "customer_interviews") == 0


GOOD_EVIDENCE: dict[str, Any] = {
    "evidence_kind": "traction",
    "title": "Bank statement",
    "file_uri": "s3://evidence/acme/statement.pdf",
    "file_sha256": HASH,
    "size_bytes": 2048,
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"evidence_kind": "gossip"}, "evidence_kind"),
        ({"title": ""}, "title"),
        ({"file_uri": "statement.pdf"}, "file_uri"),
        ({"file_uri": "s3://bucket/with space.pdf"}, "file_uri"),
        ({"file_sha256": "abc"}, "file_sha256"),
        ({"file_sha256": "g" * 64}, "file_sha256"),
        ({"size_bytes": 0}, "size_bytes"),
        ({"media_type": "not a mime"}, "media_type"),
        ({"interview_id": uuid.uuid4()}, "interview"),
        ({"note": "n" * 5001}, "note"),
    ],
)
def test_record_evidence_rejects_bad_input(
    app_conn: psycopg.Connection[Any],
    conn: psycopg.Connection[Any],
    world: World,
    change: dict[str, Any],
    message: str,
) -> None:
    with tenant(app_conn, world.founder), pytest.raises(DataError, match=message):
        startup.record_evidence(app_conn, world.company, **{**GOOD_EVIDENCE, **change})
    assert count(conn, "startup_evidence") == 0


def test_record_evidence_refuses_another_founders_company(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.other), pytest.raises(DataError, match="not one of your"):
        startup.record_evidence(app_conn, world.company, **GOOD_EVIDENCE)
    assert count(conn, "startup_evidence") == 0


def test_tenants_see_only_their_own_rows(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.founder):
        interview = startup.record_interview(app_conn, world.company, **GOOD_INTERVIEW)
        startup.record_evidence(app_conn, world.company, **GOOD_EVIDENCE)
    app_conn.commit()
    objects = [
        "auxeira_dash.startup_overview",
        "auxeira_dash.startup_sse_score",
        "auxeira_dash.startup_sse_breakdown",
        "auxeira_dash.startup_sse_history",
        "auxeira_dash.startup_token_balance",
        "auxeira_dash.startup_token_transactions()",
        "auxeira_dash.startup_actions_today",
        "auxeira_dash.startup_action_progress",
        "auxeira.founder_daily_actions",
        "auxeira.customer_interviews",
        "auxeira.startup_evidence",
    ]
    mine = {"company_id": world.company, "user_id": world.founder, "id": interview.id}
    with tenant(app_conn, world.other):
        for name in objects:
            for row in app_conn.execute(f"SELECT to_jsonb(x) FROM {name} AS x").fetchall():
                data = row[0]
                assert all(str(v) not in json.dumps(data) for v in mine.values()), (name, data)
        # the other founder's own view is still whole
        assert [o.company_id for o in startup.overview(app_conn)] == [world.other_company]
    # no tenant: nothing at all
    for name in objects:
        rows = app_conn.execute(f"SELECT * FROM {name}").fetchall()
        assert rows == [], name
    app_conn.rollback()
    assert startup.overview(app_conn) == []
    assert startup.tokens(app_conn).balance is None
    app_conn.rollback()


def test_a_logged_interview_notifies_the_startup_channel(
    app_conn: psycopg.Connection[Any], db_url: str, world: World
) -> None:
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN auxeira_startup")
        with tenant(app_conn, world.founder):
            interview = startup.record_interview(app_conn, world.company, **GOOD_INTERVIEW)
        app_conn.commit()
        events = list(realtime.listen(listener, ["startup"], user_id=world.founder, timeout=2))
    assert (
        realtime.DashboardEvent(
            "startup", world.founder, "customer_interviews", str(interview.id), "insert"
        )
        in events
    )


def test_show_and_reads_cover_every_endpoint(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    assert set(startup.READS) == {
        "GET /api/dashboard/startup/overview",
        "GET /api/dashboard/startup/sse-score",
        "GET /api/dashboard/startup/tokens",
        "GET /api/dashboard/startup/actions",
        "GET /api/dashboard/startup/relationships",
    }
    with tenant(app_conn, world.founder):
        for read in startup.READS.values():
            assert read(app_conn)
        shown = startup.show(app_conn)
    assert all(shown[title] for title in ("Overview", "SSE breakdown", "Today's actions"))


def count(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM auxeira.{table}").fetchone()
    assert row is not None
    return int(row[0])


CHECK_CASES: dict[str, dict[str, Any]] = {
    "founder_daily_actions_action_type_check": {"action_type": "nap"},
    "founder_daily_actions_title_check": {"title": " "},
    "founder_daily_actions_status_check": {"status": "maybe"},
    "founder_daily_actions_target_count_check": {"target_count": 0},
    "founder_daily_actions_completed_count_check": {"completed_count": -1},
    "founder_daily_actions_token_reward_check": {"token_reward": -1},
    "founder_daily_actions_completed_at_check": {
        "status": "completed",
        "completed_count": 1,
    },
    "founder_daily_actions_status_completed_count_check": {
        "status": "completed",
        "completed_at": OLD,
    },
    "customer_interviews_interview_date_check": {"interview_date": date(1999, 1, 1)},
    "customer_interviews_interviewee_role_check": {"interviewee_role": ""},
    "customer_interviews_channel_check": {"channel": "telepathy"},
    "customer_interviews_pain_level_check": {"pain_level": 0},
    "customer_interviews_willingness_to_pay_check": {"willingness_to_pay": "maybe"},
    "customer_interviews_price_point_check": {"price_point": -1},
    "customer_interviews_notes_check": {"notes": "x" * 20001},
    "startup_evidence_evidence_kind_check": {"evidence_kind": "rumour"},
    "startup_evidence_title_check": {"title": " "},
    "startup_evidence_file_uri_check": {"file_uri": "no-scheme.pdf"},
    "startup_evidence_file_sha256_check": {"file_sha256": "A" * 64},
    "startup_evidence_size_bytes_check": {"size_bytes": 0},
    "startup_evidence_media_type_check": {"media_type": "pdf"},
    "startup_evidence_note_check": {"note": "x" * 5001},
}


def test_every_check_constraint_rejects_a_bad_value(
    conn: psycopg.Connection[Any], world: World
) -> None:
    builders: dict[str, dict[str, Any]] = {
        "founder_daily_actions": {
            "user_id": world.founder,
            "action_date": date(2024, 1, 1),
            "action_type": "other",
            "title": "t",
        },
        "customer_interviews": {
            "company_id": world.company,
            "user_id": world.founder,
            "interview_date": date(2024, 1, 1),
            "interviewee_role": "CTO",
            "problem_validated": True,
        },
        "startup_evidence": {
            "company_id": world.company,
            "user_id": world.founder,
            "evidence_kind": "other",
            "title": "t",
            "file_uri": "s3://b/k",
            "file_sha256": "c" * 64,
            "size_bytes": 1,
        },
    }
    names = [
        (str(table).removeprefix("auxeira."), str(name))
        for table, name in conn.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint"
            " WHERE contype = 'c' AND conrelid = ANY (%s::regclass[]) ORDER BY 2",
            ([f"auxeira.{t}" for t in builders],),
        )
    ]
    assert len(names) == len(CHECK_CASES) + len(builders)  # + one expires_at check each
    for table, name in names:
        if name.endswith("_expires_at_check"):
            change: dict[str, Any] = {"is_synthetic": False, "expires_at": OLD}
        else:
            change = CHECK_CASES[name]
        with pytest.raises(psycopg.errors.CheckViolation) as raised, conn.transaction():
            f.insert(conn, table, **{**builders[table], **change})
        assert raised.value.diag.constraint_name == name, (name, change)


# Idempotent writes (migration 0014): a retry with the same key returns the first result.
def test_a_retried_write_returns_the_first_result_and_writes_nothing(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.founder):
        first = startup.record_interview(
            app_conn, world.company, **GOOD_INTERVIEW, idempotency_key="retry-1"
        )
    tokens_after_first = conn.execute(
        "SELECT sum(amount) FROM auxeira.token_transactions WHERE user_id = %s", (world.founder,)
    ).fetchone()
    with tenant(app_conn, world.founder):
        again = startup.record_interview(
            app_conn, world.company, **GOOD_INTERVIEW, idempotency_key="retry-1"
        )
    assert again == first
    assert count(conn, "customer_interviews") == 1
    assert (
        conn.execute(
            "SELECT sum(amount) FROM auxeira.token_transactions WHERE user_id = %s",
            (world.founder,),
        ).fetchone()
        == tokens_after_first
    )
    # another key, or none, is another write
    with tenant(app_conn, world.founder):
        other = startup.record_interview(
            app_conn, world.company, **GOOD_INTERVIEW, idempotency_key="retry-2"
        )
        startup.record_interview(app_conn, world.company, **GOOD_INTERVIEW)
    assert other.id != first.id
    assert count(conn, "customer_interviews") == 3


def test_idempotency_keys_are_per_user_and_per_operation(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.founder):
        mine = startup.record_interview(
            app_conn, world.company, **GOOD_INTERVIEW, idempotency_key="k"
        )
    # the same key, another founder: their own write
    with tenant(app_conn, world.other):
        theirs = startup.record_interview(
            app_conn, world.other_company, **GOOD_INTERVIEW, idempotency_key="k"
        )
    assert theirs.id != mine.id and theirs.company_id == world.other_company
    # the same key for another operation is refused, and writes nothing
    with tenant(app_conn, world.founder), pytest.raises(DataError, match="already used"):
        startup.record_evidence(
            app_conn,
            world.company,
            evidence_kind="traction",
            title="Deck",
            file_uri="s3://b/deck.pdf",
            file_sha256="cd" * 32,
            size_bytes=10,
            idempotency_key="k",
        )
    assert count(conn, "startup_evidence") == 0
    # a failed write stores no result: the same key then does the work
    with tenant(app_conn, world.founder), pytest.raises(DataError):
        startup.record_interview(
            app_conn,
            world.company,
            **{**GOOD_INTERVIEW, "pain_level": 9},
            idempotency_key="after-failure",
        )
    with tenant(app_conn, world.founder):
        done = startup.record_interview(
            app_conn, world.company, **GOOD_INTERVIEW, idempotency_key="after-failure"
        )
    assert done.pain_level == GOOD_INTERVIEW.get("pain_level")
    # services cannot read or forge the stored results
    with tenant(app_conn, world.founder), pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_conn.execute("SELECT * FROM auxeira.idempotency_keys")
